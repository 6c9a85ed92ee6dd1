using System.Diagnostics;
using System.Text;
using MimeKit;

namespace Collab.Infrastructure.Tests.Servers;

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's python3-aiosmtpd (run with /usr/bin/python3, as the
/// <c>mail</c> user when root) storing every received message in a Maildir that tests read back.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private Process? _process;
    private StringBuilder _output = new();

    public int Port { get; private set; }
    public string Root { get; } = Directory.CreateTempSubdirectory("collab-smtp-").FullName;
    public string Maildir => Path.Combine(Root, "maildir");

    public async Task StartAsync()
    {
        var python = ExternalProcess.FindExecutable("python3", "/usr/bin/python3");
        Port = ExternalProcess.FreePort();
        ExternalProcess.MakeTraversable(Root);
        ExternalProcess.ChownRecursive(Root, "mail");
        (_process, _output) = ExternalProcess.Start(python,
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir], runAsUser: "mail");
        await ExternalProcess.WaitForGreetingAsync(_process, _output, Port, "220", "aiosmtpd");
    }

    /// <summary>Every message delivered so far (the Mailbox handler writes before answering 250).</summary>
    public IReadOnlyList<MimeMessage> ReadAll()
    {
        var list = new List<MimeMessage>();
        foreach (var sub in new[] { "new", "cur" })
        {
            var dir = Path.Combine(Maildir, sub);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
                list.Add(MimeMessage.Load(file));
        }
        return list;
    }

    public int Count => ReadAll().Count;

    public MimeMessage? FindByMessageId(string messageId) =>
        ReadAll().SingleOrDefault(m => m.MessageId == messageId);

    public string Log => ExternalProcess.Snapshot(_output);

    public ValueTask DisposeAsync()
    {
        ExternalProcess.Stop(_process);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
