using System.Net;

namespace Sift.Protocols.Spf;

/// <summary>The values the macro letters of RFC 7208 §7.3 expand to.</summary>
/// <param name="Sender">The full identity: <c>local@domain</c> (<c>s</c>).</param>
/// <param name="LocalPart">The local-part of the sender (<c>l</c>).</param>
/// <param name="SenderDomain">The domain of the sender (<c>o</c>).</param>
/// <param name="Domain">The domain being checked (<c>d</c>).</param>
/// <param name="Ip">The client address (<c>i</c>, <c>c</c>, <c>v</c>).</param>
/// <param name="Helo">The HELO/EHLO name (<c>h</c>).</param>
/// <param name="ValidatedName">The validated reverse name (<c>p</c>), already resolved by the caller, or "unknown".</param>
/// <param name="Receiver">The checking host's name (<c>r</c>, explanations only).</param>
/// <param name="Timestamp">Seconds since the epoch (<c>t</c>, explanations only).</param>
public sealed record SpfMacroContext(
    string Sender, string LocalPart, string SenderDomain, string Domain, IPAddress Ip, string Helo,
    string ValidatedName, string Receiver, long Timestamp);
