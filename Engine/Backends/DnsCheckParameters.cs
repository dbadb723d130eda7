using System.Net;
using Sift.Engine.Checks;

namespace Sift.Engine.Backends;

/// <summary>
/// A DNS check's query (<see cref="DnsblQuery"/>, <see cref="SpfQuery"/>…) with what belongs to
/// the message rather than to the lookup: the message's <see cref="DnsRequestBudget"/> and, for
/// blocklists, the listing codes that count. The DNS kinds merge on <see cref="Query"/> alone,
/// so two messages asking the same thing still share one lookup.
/// </summary>
/// <param name="Query">The lookup's parameters.</param>
/// <param name="Budget">The message's DNS request budget; null: unbounded.</param>
/// <param name="ListingCodes">For blocklists: the codes that count as a listing; empty: any code in 127.0.0.0/8.</param>
public sealed record DnsCheckParameters(object Query, DnsRequestBudget? Budget = null, IReadOnlyList<IPAddress>? ListingCodes = null) : IZoneQuery
{
    /// <summary>The zone of a blocklist query (per-zone timeouts apply), else empty.</summary>
    public string Zone => (Query as IZoneQuery)?.Zone ?? "";

    /// <summary>The lookup itself, whether or not <paramref name="parameters"/> is wrapped.</summary>
    public static object Unwrap(object parameters) => parameters is DnsCheckParameters p ? p.Query : parameters;

    /// <summary>The budget of wrapped parameters, else null.</summary>
    public static DnsRequestBudget? BudgetOf(object parameters) => (parameters as DnsCheckParameters)?.Budget;
}
