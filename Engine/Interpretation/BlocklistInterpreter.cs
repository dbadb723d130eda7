using System.Net;
using System.Net.Sockets;
using Sift.Engine.Results;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Engine.Interpreters;

/// <summary>
/// Interprets DNSBL / RHSBL / hash-BL answers. A listing is one or more A records in 127.0.0.0/8.
/// Anything else in the answer is an error, never a listing: an address outside 127/8 means a
/// resolver rewriting NXDOMAIN (or a broken list), and 127.255.255.x is how lists such as
/// Spamhaus say "you are querying wrongly" (public resolver, over quota, bad key).
/// </summary>
public static class BlocklistInterpreter
{
    /// <summary>Interprets <paramref name="answer"/> from <paramref name="zone"/>.</summary>
    public static Interpreted<BlocklistInterpretation> Interpret(BlocklistAnswer answer, string zone)
    {
        zone = zone.Trim('.');
        if (DnsStatus.Failure(answer.Status, answer.ResponseCode, answer.Error, $"{zone} lookup of {answer.Name}") is { } failure)
        {
            return Interpreted<BlocklistInterpretation>.Failed(failure.Status, failure.Error);
        }
        if (answer.Addresses.Count == 0)
        {
            return Interpreted<BlocklistInterpretation>.Answered(new BlocklistInterpretation(zone, false, [], null));
        }
        foreach (var a in answer.Addresses)
        {
            if (!IsLoopback8(a))
            {
                return Interpreted<BlocklistInterpretation>.Failed(CheckStatus.Error,
                    $"{zone} answered {a}, outside 127.0.0.0/8: not a listing (a resolver rewriting NXDOMAIN?)");
            }
            var b = a.GetAddressBytes();
            if (b[1] == 255 && b[2] == 255)
            {
                return Interpreted<BlocklistInterpretation>.Failed(CheckStatus.Error,
                    $"{zone} answered {a}: the list refuses the query (public resolver, quota or key), not a listing");
            }
        }
        var reason = answer.Texts.Count > 0
            ? string.Join("; ", answer.Texts)
            : $"listed in {zone} ({string.Join(", ", answer.Addresses)})";
        return Interpreted<BlocklistInterpretation>.Answered(new BlocklistInterpretation(zone, true, answer.Addresses, reason));
    }

    private static bool IsLoopback8(IPAddress a) => a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes()[0] == 127;
}
