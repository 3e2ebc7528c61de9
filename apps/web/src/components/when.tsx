import { exactTime, relativeTime } from '../lib/time';

/**
 * A moment as people read it ("3 hours ago", "in 3 months"), with the exact time on hover and
 * for machines (`<time dateTime title>`). `exact` shows the exact time and hovers the relative.
 */
export function When({
  iso,
  exact = false,
  className,
}: {
  iso: string;
  exact?: boolean;
  className?: string;
}) {
  return (
    <time dateTime={iso} title={exact ? relativeTime(iso) : exactTime(iso)} className={className}>
      {exact ? exactTime(iso) : relativeTime(iso)}
    </time>
  );
}
