/** The server's JSON; a refusal becomes an Error carrying the server's own message. */
export async function getJson(url, init) {
  const res = await fetch(url, init);
  // A proxy or gateway in between may answer with an HTML page; its status is then all there is to say.
  const body = await res.json().catch((e) => {
    console.warn(`${url}: the answer is not JSON`, e);
    return null;
  });
  if (!res.ok) throw new Error(body?.message ?? `${res.status} ${res.statusText}`);
  if (body === null) throw new Error(`服务器的回答无法读取（${res.status}）`);
  return body;
}
