// Forecast grid of the Demand page: a block copied from Excel (cells separated by tabs, rows by new lines) pasted into
// a cell fills the grid from that cell rightwards and downwards. A single value is left to the browser's own paste.
// The values are parsed and applied by .NET (PasteBlock); nothing is saved until the user saves the rows.

export function attach(host, dotnet) {
    function onPaste(e) {
        const cell = e.target && e.target.closest ? e.target.closest('input[data-forecast-col]') : null;
        if (!cell || !host.contains(cell) || cell.disabled) return;
        const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
        if (!text || !/[\t\r\n]/.test(text.replace(/[\r\n]+$/, ''))) return;
        e.preventDefault();
        dotnet.invokeMethodAsync('PasteBlock', cell.dataset.forecastRow, Number(cell.dataset.forecastCol), text);
    }

    host.addEventListener('paste', onPaste);
    host.dataset.pasteReady = 'true'; // journeys wait for it before pasting
    return { dispose: () => host.removeEventListener('paste', onPaste) };
}
