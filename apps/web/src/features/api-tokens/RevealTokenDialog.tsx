import { Button } from '../../components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '../../components/ui/dialog';
import { Input } from '../../components/ui/input';
import { toast } from '../../stores/toast';

async function copy(secret: string) {
  try {
    await navigator.clipboard.writeText(secret);
    toast('Token copied', 'success');
  } catch {
    toast('Could not copy; select the token and copy it instead', 'error');
  }
}

/**
 * The one time a token's secret is shown. Closing forgets it: the page keeps it only in this
 * dialog's props, and the server never sends it again.
 */
export function RevealTokenDialog({
  created,
  onClose,
}: {
  created: { secret: string; name: string } | null;
  onClose(): void;
}) {
  return (
    <Dialog open={created !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Copy your new token</DialogTitle>
          <DialogDescription>
            “{created?.name}” is shown this once. Store it in your secret manager now: Gatehouse
            keeps only a hash and cannot show it again.
          </DialogDescription>
        </DialogHeader>
        <Input
          aria-label="New API token"
          readOnly
          value={created?.secret ?? ''}
          className="font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <DialogFooter>
          <Button variant="secondary" onClick={() => created && void copy(created.secret)}>
            Copy
          </Button>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
