// Kiosk (anonymous wall screen): the page is rendered on the server without a Blazor circuit (read-only,
// nothing to click). Every 3 s this script fetches the page again and swaps the screen in place; when the
// server is down (restart) the fetch fails and the last picture stays until the server answers again.
(function () {
    const selector = '[data-testid=wall-screen], [data-testid=kiosk-invalid]';
    async function refresh() {
        try {
            const response = await fetch(location.href, { cache: 'no-store', credentials: 'omit' });
            if (!response.ok) return;
            const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
            const fresh = doc.querySelector(selector);
            const current = document.querySelector(selector);
            if (fresh && current && fresh.outerHTML !== current.outerHTML) {
                current.replaceWith(document.importNode(fresh, true));
            }
            document.documentElement.setAttribute('data-kiosk-refreshed', String(Date.now()));
        } catch {
            // server unreachable: try again at the next tick
        }
    }
    setInterval(refresh, 3000);
})();
