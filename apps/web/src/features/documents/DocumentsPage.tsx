import { FileText } from 'lucide-react';
import { Card } from '../../components/ui/card';

export function DocumentsPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Documents</h1>
      <Card className="flex flex-col items-center py-12 text-center">
        <FileText className="h-8 w-8 text-slate-400" aria-hidden />
        <p className="mt-3 font-medium">Your organisation's documents will appear here</p>
        <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">
          Upload, download and sharing arrive with the documents feature.
        </p>
      </Card>
    </div>
  );
}
