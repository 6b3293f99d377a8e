namespace Casparian.Worker.Contracts;

/// <summary>
/// An output breaks its contract as a whole (not one row), e.g. a plugin emits a reserved <c>_cf_</c> column. The job
/// must fail with <see cref="Reason"/>; nothing of the output may be committed.
/// </summary>
public sealed class ContractViolationException : Exception
{
    public ContractViolationException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public ContractViolationException()
        : this("contract.violation", "the output breaks its contract")
    {
    }

    public ContractViolationException(string message)
        : this("contract.violation", message)
    {
    }

    public ContractViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = "contract.violation";
    }

    /// <summary>Stable reason code, e.g. <c>contract.reserved_column</c>.</summary>
    public string Reason { get; }
}
