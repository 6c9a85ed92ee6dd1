namespace Collab.Infrastructure.Tests.Servers;

/// <summary>Starts one SMTP and one IMAP server for all the mail tests (both start in about a second).</summary>
public sealed class MailServersFixture : IAsyncLifetime
{
    public SmtpServer Smtp { get; } = new();
    public ImapServer Imap { get; } = new();

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Smtp.StartAsync(), Imap.StartAsync());
    }

    public async Task DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await Imap.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MailServersCollection : ICollectionFixture<MailServersFixture>
{
    public const string Name = "Real mail servers";
}
