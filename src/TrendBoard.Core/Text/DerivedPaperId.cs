using System.Security.Cryptography;
using System.Text;

namespace TrendBoard.Core.Text;

/// <summary>
/// Builds a stable paper id from a title, for sources that show papers without an arXiv id
/// (a copied Hugging Face search page, a CSV without an id column).
/// </summary>
/// <remarks>
/// The id is <see cref="Prefix"/> followed by the first 16 hex digits (64 bits) of the SHA-256 of
/// the title after <see cref="TextCleaner.CleanLabel"/> and lowercasing, so case and whitespace
/// differences give the same id, and the same title from two such sources merges into one paper.
/// Such an id never equals an arXiv id, so the same paper imported from an arXiv source stays a
/// separate row.
/// </remarks>
public static class DerivedPaperId
{
    /// <summary>The prefix of every derived id; arXiv ids never contain a colon.</summary>
    public const string Prefix = "title:";

    /// <summary>Derives the id of the paper titled <paramref name="title"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="title"/> is empty or whitespace.</exception>
    public static string FromTitle(string title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);

        var key = TextCleaner.CleanLabel(title).ToLowerInvariant();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    /// <summary>Returns whether <paramref name="id"/> was made by <see cref="FromTitle"/>.</summary>
    public static bool IsDerived(string? id) => id is not null && id.StartsWith(Prefix, StringComparison.Ordinal);
}
