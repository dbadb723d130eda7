using System.Globalization;
using System.Text;
using Sift.Engine.Checks;
using Sift.Engine.Results;

namespace Sift.Engine.Milter;

/// <summary>The headers an accepted message gets, as the policy says.</summary>
internal static class GatewayHeaders
{
    public static IReadOnlyList<KeyValuePair<string, string>> For(
        GatewayPolicy policy, ScoreResult score, FilterAction action, IReadOnlyList<CheckResult> results, string authservId)
    {
        var options = policy.Headers;
        var headers = new List<KeyValuePair<string, string>>();
        if (options.AddStatus && options.StatusHeader.Length > 0)
        {
            headers.Add(new(options.StatusHeader, string.Create(CultureInfo.InvariantCulture,
                $"{score.Verdict.ToString().ToUpperInvariant()}, score={score.Score:0.0}, action={ActionName(action)}")));
        }
        if (options.SpamHeaders)
        {
            headers.AddRange(Scoring.Headers(score, policy.Thresholds));
        }
        if (action == FilterAction.AddHeader && policy.SpamHeader.Length > 0)
        {
            headers.Add(new(policy.SpamHeader, string.Create(CultureInfo.InvariantCulture, $"Yes, score={score.Score:0.0}")));
        }
        if (options.AuthenticationResults)
        {
            headers.Add(new("Authentication-Results", AuthenticationResults(authservId, results)));
        }
        if (options.Timings && options.TimingsHeader.Length > 0 && results.Count > 0)
        {
            headers.Add(new(options.TimingsHeader, Timings(results)));
        }
        foreach (var (name, value) in options.Add)
        {
            headers.Add(new(name, value));
        }
        return headers;
    }

    public static string ActionName(FilterAction action) => action switch
    {
        FilterAction.AddHeader => "add-header",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary><c>authserv-id; spf=pass smtp.mailfrom=…; dmarc=…</c>, or <c>authserv-id; none</c> (RFC 8601 §2.2).</summary>
    private static string AuthenticationResults(string authservId, IReadOnlyList<CheckResult> results)
    {
        var methods = new List<string>();
        foreach (var result in results)
        {
            if (result.Status == CheckStatus.Answered && AuthenticationMethods.Describe(result.Kind, result.Interpretation) is { } method)
            {
                methods.Add(method);
            }
            else if (result.Kind is CheckKinds.Spf or CheckKinds.Dmarc && result.Status != CheckStatus.Answered)
            {
                methods.Add($"{result.Kind}=temperror");
            }
        }
        // One line: MTAs differ in how they take folded values from a milter.
        return methods.Count == 0 ? $"{authservId}; none" : $"{authservId}; {string.Join("; ", methods)}";
    }

    /// <summary><c>zen=answered/3ms spamd=timedout/2000ms</c>.</summary>
    private static string Timings(IReadOnlyList<CheckResult> results)
    {
        var text = new StringBuilder();
        foreach (var r in results)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(CultureInfo.InvariantCulture, $"{r.Name}={r.Status.ToString().ToLowerInvariant()}/{r.Duration.TotalMilliseconds:0}ms");
        }
        return text.ToString();
    }
}

/// <summary>The RFC 8601 method text of SPF and DMARC interpretations.</summary>
internal static class AuthenticationMethods
{
    /// <summary><c>spf=pass smtp.mailfrom=example.org</c>, <c>dmarc=fail header.from=example.org</c>; null for other results and lookups that were not evaluated.</summary>
    public static string? Describe(string kind, Interpretation? interpretation) => interpretation switch
    {
        SpfInterpretation spf => $"spf={spf.ResultName} smtp.mailfrom={spf.Domain}",
        DmarcInterpretation { Result: { } result } dmarc =>
            $"dmarc={result.ToString().ToLowerInvariant()}" + (dmarc.PolicyDomain is { } domain ? $" header.from={domain}" : ""),
        _ => null,
    };
}
