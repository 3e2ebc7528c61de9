import { ShieldCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import { ThemeToggle } from '../../components/theme-toggle';

export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="relative flex min-h-screen items-center justify-center px-4 py-12">
      <div className="absolute right-4 top-4">
        <ThemeToggle />
      </div>
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2 text-indigo-600 dark:text-indigo-400">
          <ShieldCheck className="h-7 w-7" aria-hidden />
          <span className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">
            Gatehouse
          </span>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 className="mb-5 text-lg font-semibold">{title}</h1>
          {children}
        </div>
      </div>
    </main>
  );
}
