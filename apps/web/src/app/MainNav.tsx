import type { Permission } from '@gatehouse/shared';
import { Menu, X } from 'lucide-react';
import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { NavLink } from 'react-router';
import { Button } from '../components/ui/button';
import { cn } from '../lib/cn';
import { HOME_ITEM, type NavItem, visibleNav } from './nav';

/** The same ring as a button's, so a keyboard user sees where they are in the navigation too. */
const FOCUS_RING =
  'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 dark:focus-visible:ring-offset-slate-900';

function ItemLink({ item, onChosen }: { item: NavItem; onChosen(): void }) {
  return (
    <NavLink
      to={item.to}
      end
      onClick={onChosen}
      className={({ isActive }) =>
        cn(
          'block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium lg:rounded-none lg:border-b-2',
          FOCUS_RING,
          isActive
            ? 'bg-indigo-50 text-indigo-700 lg:border-indigo-600 lg:bg-transparent dark:bg-indigo-950 dark:text-indigo-300 lg:dark:border-indigo-400 lg:dark:bg-transparent'
            : 'text-slate-600 hover:text-slate-900 lg:border-transparent dark:text-slate-400 dark:hover:text-slate-100',
        )
      }
    >
      {item.label}
    </NavLink>
  );
}

/**
 * Documents, then two labelled groups — "Account" and "Organisation" (DESIGN §10). Wide screens
 * show them as one bar; narrower ones get a "Menu" button that lists every page.
 */
export function MainNav({
  permissions,
  onNavigate,
}: {
  permissions: readonly Permission[];
  /** A page was chosen (a notice about the last one may go). */
  onNavigate(): void;
}) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const close = () => setOpen(false);
  const chosen = () => {
    close();
    onNavigate();
  };

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !open) return;
    close();
    toggle.current?.focus();
  }

  return (
    <nav aria-label="Main" className="mx-auto max-w-5xl px-4" onKeyDown={onKeyDown}>
      <Button
        ref={toggle}
        variant="ghost"
        size="sm"
        className="my-1 lg:hidden"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
      >
        {open ? <X className="h-4 w-4" aria-hidden /> : <Menu className="h-4 w-4" aria-hidden />}
        Menu
      </Button>
      <div
        id={panelId}
        className={cn(
          open ? 'flex' : 'hidden',
          'flex-col gap-3 pb-3 lg:flex lg:flex-row lg:items-end lg:gap-4 lg:overflow-x-auto lg:pb-0',
        )}
      >
        <ul>
          <li>
            <ItemLink item={HOME_ITEM} onChosen={chosen} />
          </li>
        </ul>
        {visibleNav(permissions).map((group) => (
          <div
            key={group.label}
            className="lg:border-l lg:border-slate-200 lg:pl-3 lg:pt-1 lg:dark:border-slate-800"
          >
            <span
              id={`${panelId}-${group.label}`}
              className="block px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 lg:pb-0 lg:text-[0.6875rem] dark:text-slate-400"
            >
              {group.label}
            </span>
            <ul
              aria-labelledby={`${panelId}-${group.label}`}
              className="flex flex-col lg:flex-row lg:gap-1"
            >
              {group.items.map((item) => (
                <li key={item.to}>
                  <ItemLink item={item} onChosen={chosen} />
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </nav>
  );
}
