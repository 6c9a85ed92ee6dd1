// Wall-screen helpers. The watchdog keeps running in the page even when the Blazor circuit is gone
// (server restart): when the server heartbeat stops changing for 6 s it probes /health/live and
// reloads the page as soon as the server answers, so a kiosk recovers by itself within seconds.
let watchdog = null;

export function focus(element) {
    if (element) element.focus();
}

export function startWatchdog(selector) {
    if (watchdog) return;
    let last = null;
    let lastChange = Date.now();
    watchdog = setInterval(async () => {
        const el = document.querySelector(selector);
        const beat = el ? el.getAttribute('data-beat') : null;
        if (beat !== last) {
            last = beat;
            lastChange = Date.now();
            return;
        }
        if (Date.now() - lastChange < 6000) return;
        try {
            const r = await fetch('health/live', { cache: 'no-store' });
            if (r.ok) location.reload();
        } catch {
            // server still down: try again at the next tick
        }
    }, 1000);
}
