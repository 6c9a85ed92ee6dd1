// Gantt interactions of the Ordonnancement page: drag an operation (pointer events) horizontally and to another
// machine row of the same workstation, click to select, arrow keys to nudge the selected operation.
// The page re-renders the SVG from the schedule; this module only moves the dragged bar while the pointer is down
// and tells .NET where it was dropped (pixels moved, target row).

export function attach(root, dotnet) {
    const state = { drag: null };

    const svg = () => root.querySelector('svg.sc-gantt');

    function rowAt(clientY) {
        const s = svg();
        const rect = s.getBoundingClientRect();
        const header = Number(s.dataset.header);
        const rowHeight = Number(s.dataset.row);
        return Math.floor((clientY - rect.top - header) / rowHeight);
    }

    function onPointerDown(e) {
        const bar = e.target.closest('g.sc-op');
        if (!bar || e.button !== 0) return;
        e.preventDefault();
        root.focus({ preventScroll: true });
        bar.setPointerCapture(e.pointerId);
        state.drag = {
            bar, id: bar.dataset.id, from: bar.dataset.start, pointer: e.pointerId, x: e.clientX, y: e.clientY, dx: 0, dy: 0,
            row: Number(bar.dataset.row), movable: bar.dataset.movable === 'true',
        };
    }

    function onPointerMove(e) {
        const d = state.drag;
        if (!d || e.pointerId !== d.pointer) return;
        d.dx = e.clientX - d.x;
        d.dy = e.clientY - d.y;
        if (!d.movable || (Math.abs(d.dx) < 3 && Math.abs(d.dy) < 3)) return;
        const s = svg();
        const rowHeight = Number(s.dataset.row);
        const target = rowAt(e.clientY);
        const sameStation = isSameStation(d.bar, target);
        const shiftY = sameStation ? (target - d.row) * rowHeight : 0;
        d.bar.setAttribute('transform', `translate(${d.dx} ${shiftY})`);
        d.bar.classList.add('sc-dragging');
    }

    function isSameStation(bar, row) {
        const lane = svg().querySelector(`rect.sc-lane[data-row="${row}"]`);
        return !!lane && lane.dataset.ws === bar.dataset.ws;
    }

    async function onPointerUp(e) {
        const d = state.drag;
        if (!d || e.pointerId !== d.pointer) return;
        state.drag = null;
        try { d.bar.releasePointerCapture(e.pointerId); } catch { /* already released */ }
        const moved = Math.abs(d.dx) >= 3 || Math.abs(d.dy) >= 3;
        if (!moved || !d.movable) {
            d.bar.removeAttribute('transform');
            await dotnet.invokeMethodAsync('Select', d.id);
            return;
        }

        const target = rowAt(e.clientY);
        const row = isSameStation(d.bar, target) ? target : d.row;
        try {
            await dotnet.invokeMethodAsync('Drop', d.id, d.dx, row, d.from ?? null);
        } finally {
            d.bar.removeAttribute('transform');
            d.bar.classList.remove('sc-dragging');
        }
    }

    async function onKeyDown(e) {
        if ((e.ctrlKey || e.metaKey) && (e.key === 'z' || e.key === 'Z')) {
            e.preventDefault();
            await dotnet.invokeMethodAsync('Undo');
            return;
        }
        if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) return;
        e.preventDefault();
        // ←/→: one hour; ↑/↓ or Shift+←/→: one day.
        const day = e.shiftKey || e.key === 'ArrowUp' || e.key === 'ArrowDown';
        const sign = (e.key === 'ArrowLeft' || e.key === 'ArrowUp') ? -1 : 1;
        await dotnet.invokeMethodAsync('Nudge', sign * (day ? 24 * 60 : 60));
    }

    root.addEventListener('pointerdown', onPointerDown);
    root.addEventListener('pointermove', onPointerMove);
    root.addEventListener('pointerup', onPointerUp);
    root.addEventListener('pointercancel', onPointerUp);
    root.addEventListener('keydown', onKeyDown);
    return {
        dispose() {
            root.removeEventListener('pointerdown', onPointerDown);
            root.removeEventListener('pointermove', onPointerMove);
            root.removeEventListener('pointerup', onPointerUp);
            root.removeEventListener('pointercancel', onPointerUp);
            root.removeEventListener('keydown', onKeyDown);
        },
    };
}

/// Scrolls the Gantt so that the given x (pixels) is near the left edge.
export function scrollTo(root, x) {
    const scroller = root.querySelector('.sc-scroll');
    if (scroller) scroller.scrollLeft = Math.max(0, x - 80);
}
