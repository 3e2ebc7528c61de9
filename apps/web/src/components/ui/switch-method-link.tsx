/**
 * "Use a recovery code" and back. DESIGN §10 calls it a link; it swaps the field in place and
 * goes nowhere, so it is a button that looks like a link (its accessible name is the contract).
 */
export function SwitchMethodLink({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button
      type="button"
      className="text-sm font-medium text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400"
      onClick={onClick}
    >
      {label}
    </button>
  );
}
