using Collab.Benchmarks;

// Console benchmarks: `dotnet run -c Release --project tests/Collab.Benchmarks -- <name>`.
// They print figures (median of several runs, allocations, peak working set); they never fail.
// `--mode cluster [--database NAME]`: the large-plant benchmarks on 2 cluster-mode silos on PostgreSQL (LargePlantSilo).
args = LargePlantSilo.TakeOptions(args);
var name = args.Length > 0 ? args[0] : "help";
switch (name)
{
    case "mrp":
        MrpBenchmarks.Full(args[1..]);
        break;
    case "netchange":
        MrpBenchmarks.NetChange(args[1..]);
        break;
    case "sop":
        SopBenchmarks.Run(args[1..]);
        break;
    case "all":
        MrpBenchmarks.Full([]);
        MrpBenchmarks.NetChange([]);
        SopBenchmarks.Run([]);
        break;

    case "jobshop":
        Environment.ExitCode = JobShopBenchmark.Run(args[1..]);
        break;
    case "liveupdates":
        Environment.ExitCode = await LiveUpdatesBenchmark.Run(args[1..]);
        break;
    case "scheduling":
        Environment.ExitCode = SchedulingBenchmark.Run(args[1..]);
        break;
    case "plantschedule":
        Environment.ExitCode = await PlantScheduleBenchmark.Run(args[1..]);
        break;
    case "mailbox-flood":
        Environment.ExitCode = await MailboxFloodBenchmark.Run(args[1..]);
        break;
    case "exchange":
        Environment.ExitCode = await ExchangeBenchmark.Run(args[1..]);
        break;
    case "schedule-move":
        Environment.ExitCode = ScheduleMoveBenchmark.Run(args[1..]);
        break;
    case "schedulegrain":
        Environment.ExitCode = await ScheduleGrainBenchmark.Run(args[1..]);
        break;
    case "restart":
        Environment.ExitCode = await RestartBenchmark.Run(args[1..]);
        break;
    case "pg-writes":
        Environment.ExitCode = await PostgresWritesBenchmark.Run(args[1..]);
        break;
    case "plan-scale":
        Environment.ExitCode = await PlanScaleBenchmark.Run(args[1..]);
        break;
    case "plan-parts":
        Environment.ExitCode = PlanPartsBenchmark.Run(args[1..]);
        break;
    case "registry-write":
        Environment.ExitCode = await RegistryWriteBenchmark.Run(args[1..]);
        break;
    case "list-pages":
        Environment.ExitCode = await ListPagesBenchmark.Run(args[1..]);
        break;
    case "masterdata-edit":
        Environment.ExitCode = await MasterDataEditBenchmark.Run(args[1..]);
        break;
    case "large-pages":
        Environment.ExitCode = await LargePlantPagesBenchmark.Run(args[1..]);
        break;
    case "large-browser":
        Environment.ExitCode = await LargeBrowserBenchmark.Run(args[1..]);
        break;
    case "object-edit":
        Environment.ExitCode = await ObjectEditBenchmark.Run(args[1..]);
        break;

    default:
        Console.WriteLine("usage: Collab.Benchmarks <mrp|netchange|sop|all|jobshop|scheduling|plantschedule|schedulegrain|liveupdates|masterdata-edit|pg-writes|restart|plan-scale|list-pages|registry-write|object-edit|mailbox-flood> [options]");
        Console.WriteLine("  mrp        full MRP, 10k items × 8 levels × 52 weeks, then growth with N = 1k, 10k, 30k and with periods");
        Console.WriteLine("  netchange  one order edit on the 10k plant (net change vs full run)");
        Console.WriteLine("  sop        S&OP 200 families × 24 months, three strategies");
        Console.WriteLine("  jobshop    the public job-shop instances (shared/data/jobshop), 10 s each, gap to best-known");
        Console.WriteLine("  liveupdates edit → 50 subscribers notified across 2 silos, p50/p99");
        Console.WriteLine("  scheduling instant plan and incremental repair, 2,000 operations on 50 workstations");
        Console.WriteLine("  plantschedule Collab's plant optimiser vs CP-SAT, generated 200/2,000/10,000 operations and the demo, 5 s and 30 s");
        Console.WriteLine("  masterdata-edit one item edit on a 10,000-item plant through the site grain: bytes written and time, p50/p90/p99/max");
        Console.WriteLine("  plan-scale [items=10000] [runs=5] [edits=20] large plant on SQLite: pure plan, full Recalculer with consequences, net change after one edit, p50/p90/p99/max");
        Console.WriteLine("  plan-parts [items=10000] [runs=3] the pure parts of a plan run on the generated plant (no silo): computation, pegging, consequences, snapshot JSON, net change");
        Console.WriteLine("  list-pages [items] [mos] [pos] [cos] MO/PO/CO list pages on the large plant: first and filtered/sorted window through the order service, p50/p90/p99/max, bytes per circuit");
        Console.WriteLine("  registry-write [edits=300] [in-flight=64] order registry on SQLite, large plant rows: an order edit's registry write (bytes, ms), every row changed at once, activation");
        Console.WriteLine("  large-pages [items=10000] [edits=60] large plant on SQLite: MRP page for one item and pegging \"pourquoi\" through the page's services; one MO edit seen by 50 circuits (LiveUpdates, re-read done), p50/p90/p99/max");
        Console.WriteLine("  large-browser [--data DIR] [--circuits 50] [--screenshots DIR] large plant in Chromium: MO list, scroll long tasks, filter, MO, Gantt move; N circuits open: working set");
        Console.WriteLine("  object-edit [entries=10000] [edits=300] one edit of a purchase order stored with 10,000 history entries: bytes written and time, p50/p90/p99/max");
        Console.WriteLine("  mailbox-flood [count=5000] [KB=1024] [round=100] mails of 1 MB through the mailbox worker's ingest path: GC heap, working set, grain state size every 500");
        Console.WriteLine("  exchange   import of 10,000 items + 30,000 BOM lines + 20,000 operations + 5,000 open orders: preview | apply | miniexcel | closedxml (one mode per process)");
        Console.WriteLine("  restart    [--data DIR] [--runs 3] [--scale large|small] the built web app (embedded) started on DIR until /health/ready, restarted --runs times: seconds, working set");
        Console.WriteLine("  pg-writes  [--pg ADMIN-CONNECTION] [--grains 4000] [--in-flight 64] durable grain writes on PostgreSQL, 2 silos, distinct grains: writes/s, p50/p90/p99/max");
        Console.WriteLine("  schedulegrain demo plant MOs scheduled end to end through the schedule grain (first plan, re-plan, moves, optimise)");
        Environment.ExitCode = name == "help" ? 0 : 2;
        break;
}
