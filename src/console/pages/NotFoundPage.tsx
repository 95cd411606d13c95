import { Link } from '../app/Link.js';
import { href } from '../app/router.js';
import { PageHeading } from '../components/PageHeading.js';
import type { PageProps } from '../app/routes.js';

export function NotFoundPage(props: PageProps) {
  return (
    <>
      <PageHeading>Not found</PageHeading>
      <p>
        The console has no page at <code>{props.location.path}</code>.{' '}
        <Link href={href('/')}>Go to the overview</Link>.
      </p>
    </>
  );
}
