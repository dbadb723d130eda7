using System.Net;
using Sift.Engine.Interpreters;
using Sift.Engine.Results;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Engine.Compat;

/// <summary>
/// The answer of a Mail::MIMEDefang-style blocklist call: the first listing address as text
/// ("127.0.0.2"), <see cref="NotListed"/>, or an error. <see cref="ToString"/> gives what the
/// Perl function returns: the address, or "0" when not listed; errors read "SERVFAIL", "TIMEOUT"…
/// </summary>
public readonly record struct BlacklistResult(string? Address, string? Error)
{
    /// <summary>Not listed.</summary>
    public static readonly BlacklistResult NotListed = new(null, null);

    /// <summary>Listed: <see cref="Address"/> is the first listing code.</summary>
    public bool IsListed => Address is not null;

    /// <summary>The lookup failed (timeout, server failure, an answer that is not a listing).</summary>
    public bool IsError => Error is not null;

    /// <inheritdoc />
    public override string ToString() => Address ?? (Error is null ? "0" : Error);
}

/// <summary>Drop-in calls with the semantics of Mail::MIMEDefang::Net (relay_is_blacklisted, email_is_blacklisted).</summary>
public static class MimeDefangDns
{
    /// <summary><c>relay_is_blacklisted($ip, $zone)</c>: the first listing address, not listed, or an error.</summary>
    public static async Task<BlacklistResult> RelayIsBlacklistedAsync(DnsClient client, IPAddress ip, string zone, CancellationToken ct = default) =>
        ToResult(await BlocklistLookup.DnsblAsync(client, ip, zone, ct).ConfigureAwait(false), zone);

    /// <summary><c>relay_is_blacklisted</c> with the address as text; an unparsable address is an error.</summary>
    public static Task<BlacklistResult> RelayIsBlacklistedAsync(DnsClient client, string ip, string zone, CancellationToken ct = default) =>
        IPAddress.TryParse(ip, out var address)
            ? RelayIsBlacklistedAsync(client, address, zone, ct)
            : Task.FromResult(new BlacklistResult(null, "INVALID_IP"));

    /// <summary><c>email_is_blacklisted($email, $zone, $hash)</c>: hash is "md5", "sha1" or "sha256".</summary>
    public static async Task<BlacklistResult> EmailIsBlacklistedAsync(DnsClient client, string email, string zone, string hash = "md5", CancellationToken ct = default)
    {
        if (!HashKey.TryParse(hash, out var kind)) return new BlacklistResult(null, "INVALID_HASH");
        return ToResult(await BlocklistLookup.HashblAsync(client, email, zone, kind, ct).ConfigureAwait(false), zone);
    }

    private static BlacklistResult ToResult(BlocklistAnswer answer, string zone)
    {
        if (answer.Status == DnsQueryStatus.Answered && answer.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain))
        {
            return new BlacklistResult(null, DnsPresentation.ResponseCodeName(answer.ResponseCode));
        }
        var r = BlocklistInterpreter.Interpret(answer, zone);
        return r.Status switch
        {
            CheckStatus.Answered when r.Value!.Listed => new BlacklistResult(r.Value.Codes[0].ToString(), null),
            CheckStatus.Answered => BlacklistResult.NotListed,
            CheckStatus.TimedOut => new BlacklistResult(null, "TIMEOUT"),
            _ => new BlacklistResult(null, "ERROR: " + r.Error),
        };
    }
}
