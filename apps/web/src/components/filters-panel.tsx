import { ChevronDown, SlidersHorizontal } from 'lucide-react';
import { type ReactNode, useId, useState } from 'react';
import { cn } from '../lib/cn';
import { Button } from './ui/button';
import { Card } from './ui/card';

/**
 * A page's filter form in a card. On a phone it folds behind a "Filters" button, so the list
 * it filters is on the first screen; wider screens always show it.
 */
export function FiltersPanel({ active, children }: { active: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <Card>
      <Button
        variant="secondary"
        className="w-full justify-between sm:hidden"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((was) => !was)}
      >
        <span className="flex items-center gap-2">
          <SlidersHorizontal className="h-4 w-4" aria-hidden />
          {active ? 'Filters (some applied)' : 'Filters'}
        </span>
        <ChevronDown
          className={cn('h-4 w-4 transition-transform', open && 'rotate-180')}
          aria-hidden
        />
      </Button>
      <div id={id} className={cn(open ? 'block' : 'hidden', 'mt-4 sm:mt-0 sm:block')}>
        {children}
      </div>
    </Card>
  );
}
