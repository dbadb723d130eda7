using Sift.Engine.Results;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Engine.Interpreters;

/// <summary>Interprets reverse-DNS answers: has_rdns, ptr, fcrdns, dynamic, reason.</summary>
public static class RdnsInterpreter
{
    /// <summary>Interprets <paramref name="answer"/>.</summary>
    public static Interpreted<RdnsInterpretation> Interpret(RdnsAnswer answer)
    {
        if (DnsStatus.Failure(answer.Status, answer.ResponseCode, answer.Error, $"PTR of {answer.Address}") is { } failure)
        {
            return Interpreted<RdnsInterpretation>.Failed(failure.Status, failure.Error);
        }
        if (answer.PtrNames.Count == 0)
        {
            return Interpreted<RdnsInterpretation>.Answered(new RdnsInterpretation(false, null, false, false,
                answer.ResponseCode == DnsResponseCode.NXDomain ? $"{answer.Address} has no reverse DNS (NXDOMAIN)" : $"{answer.Address} has no PTR record"));
        }
        if (answer.ConfirmedName is null && answer.ForwardFailed)
        {
            return Interpreted<RdnsInterpretation>.Failed(CheckStatus.Error, $"forward lookup of {answer.PtrNames[0]} failed: cannot confirm");
        }
        var ptr = answer.ConfirmedName ?? answer.PtrNames[0];
        var dynamic = DynamicPool.Check(ptr, answer.Address);
        string? reason = answer.ConfirmedName is null
            ? $"reverse DNS {ptr} of {answer.Address} does not resolve back to it"
            : dynamic;
        return Interpreted<RdnsInterpretation>.Answered(new RdnsInterpretation(true, ptr, answer.ConfirmedName is not null, dynamic is not null, reason));
    }
}
