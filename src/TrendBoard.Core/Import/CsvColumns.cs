namespace TrendBoard.Core.Import;

/// <summary>One CSV column: its header name and zero-based index.</summary>
internal sealed record CsvColumn(string Name, int Index)
{
    public string Read(IReadOnlyList<string> fields) => fields[Index];
}

/// <summary>
/// The columns of one CSV file that hold paper fields, found from the header and
/// <see cref="CsvFormatOptions"/>.
/// </summary>
internal sealed record CsvColumns(CsvColumn Title, CsvColumn? Id, CsvColumn? Abstract, CsvColumn? Date, CsvColumn? Upvotes, CsvColumn? Authors, CsvColumn? Categories)
{
    private static readonly string[] _idNames = ["id", "arxivid", "paperid", "arxiv", "entryid"];
    private static readonly string[] _titleNames = ["title", "papertitle"];
    private static readonly string[] _abstractNames = ["abstract", "summary", "description"];
    private static readonly string[] _dateNames = ["date", "published", "publishedat", "publishedon", "publicationdate", "publisheddate", "submitted", "created"];
    private static readonly string[] _upvoteNames = ["upvotes", "upvote", "votes", "likes", "upvotecount"];
    private static readonly string[] _authorNames = ["authors", "author"];
    private static readonly string[] _categoryNames = ["categories", "category", "primarycategory"];

    /// <summary>Returns whether a header name is one of the default title column names.</summary>
    public static bool IsTitleHeader(string name) => _titleNames.Contains(Simplify(name));

    /// <summary>
    /// Finds each field's column; fails, with a message that lists the header, when the title
    /// column or a column named in <paramref name="options"/> is missing.
    /// </summary>
    public static bool TryResolve(IReadOnlyList<string> header, CsvFormatOptions options, out CsvColumns columns, out string? error)
    {
        columns = null!;
        error = null;
        var found = new Dictionary<string, CsvColumn?>();
        var requests = new (string Field, string? Named, string[] Defaults)[]
        {
            ("title", options.TitleColumn, _titleNames),
            ("id", options.IdColumn, _idNames),
            ("abstract", options.AbstractColumn, _abstractNames),
            ("date", options.DateColumn, _dateNames),
            ("upvotes", options.UpvotesColumn, _upvoteNames),
            ("authors", options.AuthorsColumn, _authorNames),
            ("categories", options.CategoriesColumn, _categoryNames),
        };

        foreach (var (field, named, defaults) in requests)
        {
            var column = named is null ? FindByDefaultName(header, defaults) : FindByName(header, named);
            if (named is not null && column is null)
            {
                error = $"the {field} column '{named}' named in the CSV options is not in the header ({Describe(header)}); map it {options.DescribeColumnMapping(field)} using a header from that list, or fix the file's header.";
                return false;
            }

            found[field] = column;
        }

        if (found["title"] is not { } title)
        {
            error = $"the header ({Describe(header)}) has no title column; name it 'title' or map it {options.DescribeColumnMapping("title")}.";
            return false;
        }

        columns = new CsvColumns(title, found["id"], found["abstract"], found["date"], found["upvotes"], found["authors"], found["categories"]);
        return true;
    }

    private static CsvColumn? FindByName(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (string.Equals(header[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return new CsvColumn(header[i], i);
            }
        }

        return null;
    }

    private static CsvColumn? FindByDefaultName(IReadOnlyList<string> header, string[] names)
    {
        // The order of the names decides between two matching columns, so 'abstract' beats 'description'.
        foreach (var name in names)
        {
            for (var i = 0; i < header.Count; i++)
            {
                if (Simplify(header[i]) == name)
                {
                    return new CsvColumn(header[i], i);
                }
            }
        }

        return null;
    }

    // Lowercase letters and digits only, so "Published At", "published_at" and "published-at" match.
    private static string Simplify(string name) =>
        new(name.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string Describe(IReadOnlyList<string> header) =>
        string.Join(", ", header.Take(20).Select(name => $"'{JsonFields.Truncate(name)}'"));
}
