import * as Tooltip from '@radix-ui/react-tooltip';
import {
  type AriaAttributes,
  cloneElement,
  createContext,
  type MouseEvent,
  type ReactElement,
  useContext,
  useId,
} from 'react';

/** Why this session may not change anything, or null where it may (AppShell provides it). */
export const WriteAccess = createContext<string | null>(null);

/** The words of a read-only support session, on every write control it disables. */
export const READ_ONLY_SESSION = 'Read-only support session';

export function useReadOnlyReason(): string | null {
  return useContext(WriteAccess);
}

interface ControlProps extends AriaAttributes {
  onClick?: (event: MouseEvent<HTMLElement>) => void;
  className?: string;
}

const refuse = (event: MouseEvent<HTMLElement>) => event.preventDefault();

/**
 * Wraps a control that changes something. Where the session is read-only it stays in place and
 * focusable, but is disabled (aria-disabled, so a tooltip and its description still reach mouse,
 * keyboard and screen reader) and says why; elsewhere it is the control, untouched.
 */
export function WriteControl({ children }: { children: ReactElement<ControlProps> }) {
  const reason = useReadOnlyReason();
  const descriptionId = useId();
  if (!reason) return children;
  const describedBy = [children.props['aria-describedby'], descriptionId].filter(Boolean).join(' ');
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        {cloneElement(children, {
          'aria-disabled': true,
          'aria-describedby': describedBy,
          onClick: refuse,
          className: `${children.props.className ?? ''} cursor-not-allowed opacity-50`,
        })}
      </Tooltip.Trigger>
      <span id={descriptionId} className="sr-only">
        {reason}
      </span>
      <Tooltip.Portal>
        <Tooltip.Content
          sideOffset={4}
          className="z-50 rounded-md bg-slate-900 px-2 py-1 text-xs text-white shadow dark:bg-slate-100 dark:text-slate-900"
        >
          {reason}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
