using Collab.Contracts;
using Collab.Infrastructure.Mail;
using Microsoft.AspNetCore.DataProtection;

namespace Collab.Infrastructure.Tests.Mail;

public sealed class MailSettingsProtectorTests
{
    [Fact]
    public void Password_is_never_persisted_in_clear_and_comes_back_intact()
    {
        var keys = Directory.CreateTempSubdirectory("collab-dp-");
        try
        {
            var settings = new MailSettings { Host = "smtp.example.fr", Port = 587, UserName = "collab", Password = "S3cret-é!", FromAddress = "collab@example.fr" };
            var stored = new MailSettingsProtector(DataProtectionProvider.Create(keys)).Protect(settings);
            Assert.NotNull(stored.ProtectedPassword);
            Assert.DoesNotContain("S3cret", stored.ProtectedPassword);
            Assert.DoesNotContain("S3cret", System.Text.Json.JsonSerializer.Serialize(stored));
            Assert.DoesNotContain("S3cret", settings.ToString());

            // Another provider instance on the same key ring (= after a restart) reads it back.
            var back = new MailSettingsProtector(DataProtectionProvider.Create(keys)).Unprotect(stored);
            Assert.Equal(settings, back);

            var otherKeys = Directory.CreateTempSubdirectory("collab-dp-");
            try
            {
                var ex = Assert.Throws<MailSettingsException>(() => new MailSettingsProtector(DataProtectionProvider.Create(otherKeys)).Unprotect(stored));
                Assert.Equal(Refusal.MailPasswordUnreadable, ex.Reason.Kind);
            }
            finally { otherKeys.Delete(true); }
        }
        finally { keys.Delete(true); }
    }

    [Fact]
    public void Mailbox_password_round_trips_and_empty_stays_empty()
    {
        var p = new MailSettingsProtector(new EphemeralDataProtectionProvider());
        var box = new MailboxSettings { Host = "imap.example.fr", UserName = "achats", Password = "pw", Folder = "INBOX" };
        Assert.Equal("pw", p.Unprotect(p.Protect(box)).Password);
        Assert.Null(p.Protect(box with { Password = null }).ProtectedPassword);
    }
}
