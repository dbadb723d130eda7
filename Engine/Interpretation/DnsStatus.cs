using Sift.Engine.Results;
using Sift.Protocols.Dns;

namespace Sift.Engine.Interpreters;

/// <summary>Maps how a DNS query ended to how a check ended.</summary>
internal static class DnsStatus
{
    /// <summary>The check status for a query that did not end in a usable answer; null when it did.</summary>
    public static (CheckStatus Status, string Error)? Failure(DnsQueryStatus status, DnsResponseCode rcode, string? error, string what)
    {
        return status switch
        {
            DnsQueryStatus.TimedOut => (CheckStatus.TimedOut, $"{what}: no answer in time"),
            DnsQueryStatus.Overloaded => (CheckStatus.Overloaded, $"{what}: {error}"),
            DnsQueryStatus.Error or DnsQueryStatus.InvalidName => (CheckStatus.Error, $"{what}: {error}"),
            _ when rcode is DnsResponseCode.NoError or DnsResponseCode.NXDomain => null,
            _ => (CheckStatus.Error, $"{what}: the server answered {rcode}"),
        };
    }
}
