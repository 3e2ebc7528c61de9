import { Moon, Sun } from 'lucide-react';
import { useState } from 'react';
import { currentTheme, toggleTheme } from '../lib/theme';
import { Button } from './ui/button';

/** Switches light/dark; the icon shows the theme you would switch to. */
export function ThemeToggle() {
  const [theme, setTheme] = useState(currentTheme);
  const Icon = theme === 'dark' ? Sun : Moon;
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label="Toggle theme"
      title={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
      onClick={() => setTheme(toggleTheme())}
    >
      <Icon className="h-4 w-4" aria-hidden />
    </Button>
  );
}
