using System.Net;

namespace Sift.Protocols.Spf;

/// <summary>
/// The answer of <see cref="SpfVerifier.SpfVerifyAsync"/>, shaped like Mail::MIMEDefang's
/// <c>md_spf_verify</c> (result code, explanation, then the HELO code and explanation, then the
/// SPF records of both identities) with the typed details kept alongside.
/// </summary>
/// <param name="Code">pass, fail, softfail, neutral, none, permerror, temperror, or <c>invalid</c> for unusable input.</param>
/// <param name="Explanation">A one-line explanation: the domain's exp= text on a fail when it has one, else our own wording.</param>
/// <param name="HeloCode">The code of the HELO identity check, or null when no usable HELO name was given.</param>
/// <param name="HeloExplanation">Its explanation.</param>
/// <param name="Record">The SPF record of the checked identity's domain, when one was found.</param>
/// <param name="HeloRecord">The SPF record of the HELO name, when one was found.</param>
/// <param name="Identity"><c>mailfrom</c>, or <c>helo</c> when MAIL FROM was empty (then the sender is postmaster@helo).</param>
/// <param name="Sender">The identity checked: the MAIL FROM address or postmaster@helo.</param>
/// <param name="Domain">The domain checked.</param>
/// <param name="ClientIp">The client address, or null when it did not parse.</param>
/// <param name="Helo">The HELO name given, if any.</param>
/// <param name="Check">The check_host() outcome for the identity, or null when the input was invalid.</param>
/// <param name="HeloCheck">The check_host() outcome for the HELO identity, or null.</param>
public sealed record SpfVerification(
    string Code, string Explanation, string? HeloCode, string? HeloExplanation, string? Record, string? HeloRecord,
    string Identity, string Sender, string Domain, IPAddress? ClientIp, string? Helo,
    SpfCheckResult? Check, SpfCheckResult? HeloCheck)
{
    /// <summary>The typed result; <see cref="SpfResult.None"/> for invalid input.</summary>
    public SpfResult Result => Check?.Result ?? SpfResult.None;

    /// <summary>The Received-SPF header value (RFC 7208 §9.1), without the field name.</summary>
    /// <param name="receiver">This host's name for the comment and the <c>receiver=</c> key.</param>
    public string ReceivedSpf(string receiver) => SpfHeaders.ReceivedSpf(this, receiver);

    /// <summary>The SPF method's resinfo for Authentication-Results (RFC 8601): <c>spf=pass smtp.mailfrom=example.com</c>.</summary>
    public string AuthenticationResultsMethod => SpfHeaders.AuthenticationResultsMethod(this);

    /// <summary>A whole Authentication-Results header value: <c>authserv-id; spf=… smtp.mailfrom=…</c>.</summary>
    /// <param name="authservId">The authserv-id naming this host.</param>
    public string AuthenticationResults(string authservId) => authservId + "; " + AuthenticationResultsMethod;
}
