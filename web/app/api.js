// The client's one way to call the JSON API of docs/api.md: same-origin
// fetch with a time limit, JSON in and out, and every failure (the standard
// error body, a network failure or a time-out) turned into an api_error.

const request_timeout_ms = 15000;

export class api_error extends Error {
  constructor({ status = 0, code = 'network', message = '', field = null, retry_after_seconds = null, request_id = null }) {
    super(message || code);
    this.name = 'api_error';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retry_after_seconds = retry_after_seconds;
    this.request_id = request_id;
  }
}

const code_for_status = {
  400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict',
  413: 'payload_too_large', 429: 'rate_limited', 503: 'unavailable',
};

// Calls `method path` with an optional JSON body; resolves to the parsed
// answer (null for 204) or rejects with an api_error.
export async function api(method, path, body = undefined, { signal = null } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const timeout = AbortSignal.timeout(request_timeout_ms);
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new api_error({ code: timeout.aborted ? 'request_timeout' : 'network', message: String(error?.message ?? error) });
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data && typeof data.error === 'object' && data.error ? data.error : {};
    throw new api_error({
      status: response.status,
      code: typeof error.code === 'string' ? error.code : code_for_status[response.status] ?? 'internal',
      message: typeof error.message === 'string' ? error.message : response.statusText,
      field: typeof error.field === 'string' ? error.field : null,
      retry_after_seconds: Number.isFinite(error.retry_after_seconds) ? error.retry_after_seconds : null,
      request_id: typeof error.request_id === 'string' ? error.request_id : null,
    });
  }
  return data;
}

// The translation key and values that describe an api_error to the user.
export function describe_error(error) {
  switch (error?.code) {
    case 'unauthenticated': return { key: 'error_unauthenticated' };
    case 'forbidden': return { key: 'error_forbidden' };
    case 'not_found': return { key: 'error_not_found' };
    case 'conflict': return { key: 'error_conflict' };
    case 'invalid_field':
    case 'bad_request':
    case 'invalid_json': return { key: 'error_invalid_field' };
    case 'payload_too_large': return { key: 'error_payload_too_large' };
    case 'rate_limited':
      return error.retry_after_seconds === null
        ? { key: 'error_rate_limited_unknown' }
        : { key: 'error_rate_limited', values: { minutes: Math.max(1, Math.ceil(error.retry_after_seconds / 60)) } };
    case 'network':
    case 'request_timeout': return { key: 'error_network' };
    case 'unavailable': return { key: 'error_unavailable' };
    default: return { key: 'error_generic' };
  }
}

// Every page of a paged list (GET path?limit&offset answering {total,
// next_offset, [key]: [...]}, docs/api.md "Paging"), one request a page: the
// first answer with `key` holding the items of all pages.
export async function api_all_pages(path, key, { max_pages = 500 } = {}) {
  const first = await api('GET', path);
  const items = [...(Array.isArray(first?.[key]) ? first[key] : [])];
  const join = path.includes('?') ? '&' : '?';
  let next = first?.next_offset;
  for (let pages = 1; Number.isInteger(next) && pages < max_pages; ++pages) {
    const answer = await api('GET', `${path}${join}offset=${next}`);
    items.push(...(Array.isArray(answer?.[key]) ? answer[key] : []));
    next = answer?.next_offset;
  }
  return { ...first, [key]: items, next_offset: null };
}
