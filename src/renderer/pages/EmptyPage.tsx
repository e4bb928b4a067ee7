// Pages whose features are not in this build say so plainly instead of showing controls that do nothing.
export function EmptyPage({ title, children }: { title: string; children: string }) {
  return (
    <section className="page" aria-labelledby={`${title}-title`}>
      <header className="page-header">
        <h1 id={`${title}-title`}>{title}</h1>
      </header>
      <p className="empty">{children}</p>
    </section>
  );
}
