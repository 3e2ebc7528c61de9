import { useEffect, useRef } from 'react';
import { Button } from '../../components/ui/button';
import { toast } from '../../stores/toast';
import { recoveryCodesText } from './recovery-codes';

/** Shown once after enrolment or regeneration: the codes, to copy or download, then "Done". */
export function RecoveryCodes({
  codes,
  email,
  onDone,
}: {
  codes: string[];
  email: string;
  onDone(): void;
}) {
  const text = recoveryCodesText(codes, email);
  const first = useRef<HTMLButtonElement>(null);
  // A new step: the cursor moves to its first control (the card's live region reads the codes).
  useEffect(() => first.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      toast('Recovery codes copied', 'success');
    } catch {
      toast('Could not copy; select the codes and copy them instead', 'error');
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'gatehouse-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="space-y-3">
      <p className="text-sm">
        Save these recovery codes somewhere safe. Each works once if you lose your phone; they will
        not be shown again.
      </p>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-2 rounded-lg bg-slate-100 p-4 font-mono text-sm dark:bg-slate-800"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="flex flex-wrap justify-end gap-2">
        <Button ref={first} variant="secondary" onClick={() => void copy()}>
          Copy codes
        </Button>
        <Button variant="secondary" onClick={download}>
          Download codes
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
