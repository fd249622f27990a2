// Browser-side calls to the JSON API: errors come back as `{ error, hint }` and are thrown as ApiFailure.
export class ApiFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export async function api<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiFailure(
      `cannot reach the server (${(e as Error).message})`,
      0,
      'check that the server is running',
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiFailure(`the server answered ${res.status} with something other than JSON`, res.status);
  }
  if (!res.ok) {
    const b = body as { error?: string; hint?: string };
    throw new ApiFailure(b.error ?? `request failed (${res.status})`, res.status, b.hint);
  }
  return body as T;
}
