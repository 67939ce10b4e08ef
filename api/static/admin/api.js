// The admin API client: the bearer token lives in sessionStorage for this tab only.

const KEY = "bookbot-admin-token";
const BASE = "/admin/api";

export class ApiError extends Error {
  constructor(status, detail) {
    const text = Array.isArray(detail)
      ? detail.map((d) => `${d.field || (d.loc || []).join(".")}: ${d.msg}`).join("; ")
      : String(detail);
    super(text);
    this.status = status;
    this.detail = detail;
  }
}

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

export async function api(path, { method = "GET", body, query } = {}) {
  const url = new URL(BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.append(key, value);
  }
  const headers = { Authorization: `Bearer ${token.get() || ""}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ detail: response.statusText }));
  if (!response.ok) throw new ApiError(response.status, data.detail ?? data);
  return data;
}

// Fetch a file with the token and hand it to the browser as a download.
export async function download(path, filename, query = {}) {
  const url = new URL(BASE + path, window.location.origin);
  for (const [key, value] of Object.entries(query)) if (value) url.searchParams.append(key, value);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token.get() || ""}` } });
  if (!response.ok) {
    const data = await response.json().catch(() => ({ detail: response.statusText }));
    throw new ApiError(response.status, data.detail ?? data);
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
