using Sift.Engine.Results;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Engine.Interpreters;

/// <summary>Interprets the SPF TXT records of a domain: has_spf, record, reason. Two records is an error (RFC 7208 §4.5 permerror).</summary>
public static class SpfTxtInterpreter
{
    /// <summary>Interprets <paramref name="answer"/>.</summary>
    public static Interpreted<SpfTxtInterpretation> Interpret(SpfTxtAnswer answer)
    {
        if (DnsStatus.Failure(answer.Status, answer.ResponseCode, answer.Error, $"TXT of {answer.Domain}") is { } failure)
        {
            return Interpreted<SpfTxtInterpretation>.Failed(failure.Status, failure.Error);
        }
        return answer.Records.Count switch
        {
            0 => Interpreted<SpfTxtInterpretation>.Answered(new SpfTxtInterpretation(false, null, $"{answer.Domain} publishes no SPF record")),
            1 => Interpreted<SpfTxtInterpretation>.Answered(new SpfTxtInterpretation(true, answer.Records[0], null)),
            _ => Interpreted<SpfTxtInterpretation>.Failed(CheckStatus.Error, $"{answer.Domain} publishes {answer.Records.Count} SPF records (permerror)"),
        };
    }
}
