using System.Diagnostics;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Collab.Infrastructure.Tests.Servers;

/// <summary>
/// A real IMAP server on 127.0.0.1: Debian's dovecot with a minimal configuration in a temp
/// directory (passwd-file auth, Maildir, no TLS). Its login processes refuse to run as root, so
/// as root they run as the <c>mail</c> user (uid 8).
/// </summary>
public sealed class ImapServer : IAsyncDisposable
{
    public const string UserName = "achats";
    public const string Password = "mot-de-passe-de-test";

    private Process? _process;
    private StringBuilder _output = new();

    public int Port { get; private set; }
    public string Root { get; } = Directory.CreateTempSubdirectory("collab-imap-").FullName;

    public async Task StartAsync()
    {
        var dovecot = ExternalProcess.FindExecutable("dovecot", "/usr/sbin/dovecot");
        Port = ExternalProcess.FreePort();
        var root = ExternalProcess.IsRoot;
        var user = root ? "mail" : Environment.UserName;
        var uid = root ? 8 : ExternalProcess.CurrentUid();
        foreach (var d in new[] { "run", "state", "mail" }) Directory.CreateDirectory(Path.Combine(Root, d));
        ExternalProcess.MakeTraversable(Root);
        ExternalProcess.ChownRecursive(Path.Combine(Root, "mail"), "mail");
        File.WriteAllText(Path.Combine(Root, "users"), $"{UserName}:{{PLAIN}}{Password}::::::\n");
        var config = $$"""
            base_dir = {{Root}}/run
            state_dir = {{Root}}/state
            log_path = {{Root}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            auth_failure_delay = 0
            login_trusted_networks = 127.0.0.1/32
            default_login_user = {{user}}
            default_internal_user = {{user}}
            first_valid_uid = {{uid}}
            mail_location = maildir:{{Root}}/mail/%u
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{Root}}/users
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{uid}} home={{Root}}/mail/%u
            }
            service anvil {
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            """;
        var conf = Path.Combine(Root, "dovecot.conf");
        File.WriteAllText(conf, config);
        (_process, _output) = ExternalProcess.Start(dovecot, ["-c", conf, "-F"], runAsUser: null);
        await ExternalProcess.WaitForGreetingAsync(_process, _output, Port, "* OK", "dovecot");
    }

    public string Log
    {
        get
        {
            var file = Path.Combine(Root, "dovecot.log");
            return ExternalProcess.Snapshot(_output) + (File.Exists(file) ? File.ReadAllText(file) : "");
        }
    }

    /// <summary>Opens an authenticated client (caller disposes).</summary>
    public async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(UserName, Password);
        return client;
    }

    /// <summary>Creates a fresh top-level folder (one per test keeps tests independent).</summary>
    public async Task<string> CreateFolderAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        using var client = await ConnectAsync();
        var personal = client.GetFolder(client.PersonalNamespaces[0]);
        await personal.CreateAsync(name, true);
        await client.DisconnectAsync(true);
        return name;
    }

    /// <summary>Appends messages to <paramref name="folder"/> as a supplier's mail would arrive.</summary>
    public async Task AppendAsync(string folder, params MimeMessage[] messages)
    {
        using var client = await ConnectAsync();
        var f = await client.GetFolderAsync(folder);
        await f.OpenAsync(FolderAccess.ReadWrite);
        foreach (var m in messages) await f.AppendAsync(m, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    public ValueTask DisposeAsync()
    {
        ExternalProcess.Stop(_process);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
