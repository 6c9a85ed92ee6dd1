using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Collab.Infrastructure.Configuration;

namespace Collab.Infrastructure.Hosting;

/// <summary>The certificate the silos of one cluster share for mutual TLS.</summary>
public static class ClusterCertificate
{
    /// <summary>Subject / TLS target name of the certificates Collab creates.</summary>
    public const string HostName = "collab-cluster";

    /// <summary>Loads the PKCS#12 file; with <paramref name="createIfMissing"/>, first creates a self-signed one
    /// there (the first silo wins; the others load it).</summary>
    public static X509Certificate2 LoadOrCreate(string path, string? password, bool createIfMissing, string clusterId)
    {
        if (!File.Exists(path))
        {
            if (!createIfMissing)
            {
                throw new CollabConfigurationException($"Collab:Cluster:Tls:CertificatePath '{path}' does not exist.");
            }

            TryCreate(path, password, clusterId);
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException e)
        {
            throw new CollabConfigurationException($"Collab:Cluster:Tls:CertificatePath '{path}' is not a readable PKCS#12 certificate (wrong password?): {e.Message}");
        }
    }

    /// <summary>A new self-signed certificate usable as TLS server and client (PKCS#12 bytes).</summary>
    public static byte[] CreateSelfSigned(string? password, string clusterId, int validDays = 3650)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={HostName}, O=Collab cluster {clusterId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(HostName);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(validDays));
        return certificate.Export(X509ContentType.Pkcs12, password);
    }

    /// <summary>True when the peer presented exactly the cluster certificate.</summary>
    public static bool SameCertificate(X509Certificate2? remote, X509Certificate2 local) =>
        remote is not null && CryptographicOperations.FixedTimeEquals(remote.RawData, local.RawData);

    private static void TryCreate(string path, string? password, string clusterId)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, CreateSelfSigned(password, clusterId));
        try
        {
            File.Move(temporary, path, overwrite: false); // another silo may have won: keep its file
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Best effort: the file may belong to another silo's user.
        }
    }
}
