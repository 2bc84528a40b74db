namespace TrendBoard.Core.Storage;

/// <summary>
/// Counts of one file's import: papers read, papers new to the store, papers whose stored
/// fields or upvotes changed, and records rejected.
/// </summary>
public sealed record ImportSummary(string SourceFile, int Read, int New, int Updated, int Unchanged, int Rejected);
