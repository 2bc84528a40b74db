using System.Diagnostics;
using System.Text.Json;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Storage;

public sealed partial class TrendStore
{
    private const string EndedKind = "ended";

    /// <summary>
    /// Returns the topics of the current run with their terms, user names, paper counts and
    /// lineage, by topic id; empty before the first run.
    /// </summary>
    public Task<IReadOnlyList<StoredTopic>> GetCurrentTopicsAsync(CancellationToken cancellationToken)
    {
        return RunAsync<IReadOnlyList<StoredTopic>>((connection, token) =>
        {
            var runId = CurrentRunId(connection, token);
            if (runId is null)
            {
                return [];
            }

            var terms = ReadTopicTerms(connection, runId.Value, token);
            var lineage = ReadLineage(connection, runId.Value, token).Topics.ToDictionary(l => l.TopicId);
            const string sql = """
                SELECT t.topic_id, t.automatic_label, t.name, t.size,
                       (SELECT count(*) FROM paper_topics AS pt WHERE pt.run_id = t.run_id AND pt.topic_id = t.topic_id)
                FROM named_topics AS t
                WHERE t.run_id = $run_id
                ORDER BY t.topic_id
                """;
            using var command = connection.CreateCommand(sql).Bind("run_id", runId.Value);
            using var reader = command.ExecuteReader(token);
            var topics = new List<StoredTopic>();
            while (reader.Read())
            {
                var topicId = reader.GetInt32(0);
                topics.Add(new StoredTopic(
                    topicId,
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetInt32(3),
                    (int)reader.GetInt64(4),
                    terms.GetValueOrDefault(topicId) ?? [],
                    lineage.GetValueOrDefault(topicId)));
            }

            return topics;
        }, cancellationToken);
    }

    /// <summary>
    /// Returns every paper's topic in the current run, ordered by paper id (ordinal); topic -1
    /// marks an outlier. Empty before the first run.
    /// </summary>
    public Task<IReadOnlyList<TopicAssignment>> GetCurrentAssignmentsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT paper_id, topic_id, score
            FROM paper_topics
            WHERE run_id = (SELECT id FROM model_runs WHERE is_current)
            ORDER BY paper_id
            """;

        return RunAsync<IReadOnlyList<TopicAssignment>>((connection, token) =>
        {
            using var command = connection.CreateCommand(sql);
            using var reader = command.ExecuteReader(token);
            var assignments = new List<TopicAssignment>();
            while (reader.Read())
            {
                assignments.Add(new TopicAssignment(reader.GetString(0), reader.GetInt32(1), reader.GetDouble(2)));
            }

            return assignments;
        }, cancellationToken);
    }

    /// <summary>Returns the lineage of a run's topics; empty lists for a run without stored lineage.</summary>
    public Task<RunLineage> GetTopicLineageAsync(long runId, CancellationToken cancellationToken)
    {
        return RunAsync((connection, token) => ReadLineage(connection, runId, token), cancellationToken);
    }

    /// <summary>
    /// Returns the fitted model of the current run, or null when there is no run or the run was
    /// saved without a model (for example by a build before models were stored).
    /// </summary>
    /// <exception cref="InvalidDataException">The stored model bytes cannot be read.</exception>
    public Task<StoredTopicModel?> GetCurrentTopicModelAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT r.id, r.parameters, r.metrics, m.model
            FROM model_runs AS r
            JOIN model_run_models AS m ON m.run_id = r.id
            WHERE r.is_current
            """;

        return RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand(sql);
            using var reader = command.ExecuteReader(token);
            if (!reader.Read())
            {
                return null;
            }

            var runId = reader.GetInt64(0);
            var options = JsonSerializer.Deserialize<TopicModelOptions>(reader.GetString(1), JsonOptions)!;
            var metrics = JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(2), JsonOptions)!;
            using var blob = reader.GetStream(3);
            using var bytes = new MemoryStream();
            blob.CopyTo(bytes);

            TopicModel model;
            try
            {
                model = TopicModel.FromBytes(bytes.ToArray());
            }
            catch (InvalidDataException exception)
            {
                throw new InvalidDataException($"The stored model of run {runId} in {DatabasePath} cannot be read: {exception.Message}", exception);
            }

            // Runs store paper_count among their metrics; the assignment count is the fallback for runs without it.
            var trainingPapers = metrics.TryGetValue("paper_count", out var count) && count >= 1
                ? (int)count
                : CountRunAssignments(connection, runId, token);
            return new StoredTopicModel(runId, model, options, trainingPapers);
        }, cancellationToken);
    }

    /// <summary>Returns the title and abstract of every paper without a topic in run <paramref name="runId"/>, ordered by paper id.</summary>
    public Task<IReadOnlyList<PaperText>> GetUnassignedPaperTextsAsync(long runId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT p.id, p.title, p.abstract
            FROM papers AS p
            WHERE NOT EXISTS (SELECT 1 FROM paper_topics AS pt WHERE pt.run_id = $run_id AND pt.paper_id = p.id)
            ORDER BY p.id
            """;

        return RunAsync<IReadOnlyList<PaperText>>((connection, token) =>
        {
            using var command = connection.CreateCommand(sql).Bind("run_id", runId);
            using var reader = command.ExecuteReader(token);
            var texts = new List<PaperText>();
            while (reader.Read())
            {
                texts.Add(new PaperText(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }

            return texts;
        }, cancellationToken);
    }

    /// <summary>
    /// Adds topics and keywords of papers to run <paramref name="runId"/> in one transaction,
    /// skipping papers that already have a topic in the run.
    /// </summary>
    /// <returns>The number of papers whose assignment was stored.</returns>
    /// <exception cref="ArgumentException">An assignment repeats a paper.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    public Task<int> SaveAssignmentsAsync(
        long runId,
        IReadOnlyList<TopicAssignment> assignments,
        IReadOnlyList<PaperKeyword> keywords,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(keywords);
        var paperIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in assignments)
        {
            if (!paperIds.Add(assignment.PaperId))
            {
                throw new ArgumentException($"The assignments list paper {assignment.PaperId} twice; each paper needs exactly one topic (-1 for an outlier).", nameof(assignments));
            }
        }

        return RunWriteAsync((connection, token) => SaveAssignments(connection, runId, assignments, keywords, token), cancellationToken);
    }

    /// <summary>
    /// Gives the topic <paramref name="topicId"/> a user name that analytics and exports show in
    /// place of its automatic label, in this and later runs that keep the id; null removes the name.
    /// </summary>
    /// <returns>The stored name (trimmed), or null when the name was removed.</returns>
    /// <exception cref="ArgumentException">The name is not valid (see <see cref="TopicNames.Normalize"/>), or the current run has no topic with that id.</exception>
    public Task<string?> RenameTopicAsync(int topicId, string? name, CancellationToken cancellationToken)
    {
        var normalized = name is null ? null : TopicNames.Normalize(name);

        return RunWriteAsync((connection, token) =>
        {
            using (var exists = connection.CreateCommand("SELECT count(*) FROM topics WHERE run_id = (SELECT id FROM model_runs WHERE is_current) AND topic_id = $topic_id"))
            {
                if ((long)exists.Bind("topic_id", topicId).ExecuteScalar(token)! == 0)
                {
                    throw new ArgumentException($"The current model run has no topic {topicId}. List the topic ids with 'trendboard topics list'.", nameof(topicId));
                }
            }

            if (normalized is null)
            {
                using var delete = connection.CreateCommand("DELETE FROM topic_names WHERE topic_id = $topic_id");
                delete.Bind("topic_id", topicId).ExecuteNonQuery(token);
            }
            else
            {
                const string upsert = """
                    INSERT INTO topic_names (topic_id, name, renamed_at) VALUES ($topic_id, $name, $renamed_at)
                    ON CONFLICT (topic_id) DO UPDATE SET name = excluded.name, renamed_at = excluded.renamed_at
                    """;
                using var command = connection.CreateCommand(upsert);
                command.Bind("topic_id", topicId).Bind("name", normalized).Bind("renamed_at", DateTime.UtcNow).ExecuteNonQuery(token);
            }

            LogTopicRenamed(_logger, topicId, normalized);
            return normalized;
        }, cancellationToken);
    }

    /// <summary>
    /// Gives the topics of <paramref name="result"/> the stable ids of the current run's matching
    /// topics, inside the save transaction. New topics get ids above every id any run or topic
    /// name has used, so a name never passes to an unrelated topic.
    /// </summary>
    private static (TopicModelResult Result, IReadOnlyList<int> EndedTopicIds) MatchToCurrentRun(
        DuckDBConnection connection,
        TopicModelResult result,
        CancellationToken cancellationToken)
    {
        var currentRun = CurrentRunId(connection, cancellationToken);
        var previous = new List<TopicInfo>();
        if (currentRun is not null)
        {
            var terms = ReadTopicTerms(connection, currentRun.Value, cancellationToken);
            using var command = connection.CreateCommand("SELECT topic_id, label, size FROM topics WHERE run_id = $run_id ORDER BY topic_id");
            using var reader = command.Bind("run_id", currentRun.Value).ExecuteReader(cancellationToken);
            while (reader.Read())
            {
                var topicId = reader.GetInt32(0);
                previous.Add(new TopicInfo(topicId, reader.GetString(1), reader.GetInt32(2), terms.GetValueOrDefault(topicId) ?? []));
            }
        }

        int firstFreeId;
        using (var command = connection.CreateCommand("SELECT coalesce(greatest((SELECT max(topic_id) FROM topics), (SELECT max(topic_id) FROM topic_names)), -1) + 1"))
        {
            firstFreeId = Convert.ToInt32(command.ExecuteScalar(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var match = AvoidUsedIds(TopicIdMatcher.Match(previous, result.Topics), previous, firstFreeId);
        return (TopicIdMatcher.Renumber(result, match), match.EndedTopicIds);
    }

    /// <summary>Moves the fresh ids of <paramref name="match"/> up to start at <paramref name="firstFreeId"/>.</summary>
    private static TopicMatch AvoidUsedIds(TopicMatch match, IReadOnlyList<TopicInfo> previous, int firstFreeId)
    {
        // TopicIdMatcher numbers fresh ids from one above the previous run's largest id.
        var matcherFirstId = previous.Count == 0 ? 0 : previous.Max(t => t.TopicId) + 1;
        var shift = firstFreeId - matcherFirstId;
        if (shift <= 0)
        {
            return match;
        }

        var fresh = match.Lineage
            .Where(l => l.Kind is TopicLineageKind.New or TopicLineageKind.Split)
            .Select(l => l.TopicId)
            .ToHashSet();
        int Shift(int id) => fresh.Contains(id) ? id + shift : id;

        return match with
        {
            Topics = match.Topics.Select(t => t with { TopicId = Shift(t.TopicId) }).ToArray(),
            StableIdOfTopic = match.StableIdOfTopic.ToDictionary(e => e.Key, e => Shift(e.Value)),
            Lineage = match.Lineage.Select(l => l with { TopicId = Shift(l.TopicId) }).ToArray(),
        };
    }

    private static void AppendLineage(DuckDBConnection connection, long runId, TopicModelResult result, IReadOnlyList<int> endedTopicIds)
    {
        using var appender = connection.CreateAppender("topic_lineage");
        foreach (var lineage in result.Lineage)
        {
            appender.CreateRow()
                .AppendValue((long?)runId)
                .AppendValue((int?)lineage.TopicId)
                .AppendValue(lineage.Kind.ToString().ToLowerInvariant())
                .AppendValue(lineage.PreviousTopicIds.ToList())
                .AppendValue((double?)lineage.Similarity)
                .EndRow();
        }

        foreach (var ended in endedTopicIds)
        {
            appender.CreateRow()
                .AppendValue((long?)runId)
                .AppendValue((int?)ended)
                .AppendValue(EndedKind)
                .AppendValue(new List<int> { ended })
                .AppendValue((double?)0)
                .EndRow();
        }
    }

    private static void InsertModel(DuckDBConnection connection, long runId, TopicModel model, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand("INSERT INTO model_run_models (run_id, model) VALUES ($run_id, $model)");
        insert.Bind("run_id", runId).Bind("model", model.ToBytes()).ExecuteNonQuery(cancellationToken);
    }

    private int SaveAssignments(
        DuckDBConnection connection,
        long runId,
        IReadOnlyList<TopicAssignment> assignments,
        IReadOnlyList<PaperKeyword> keywords,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using (var exists = connection.CreateCommand("SELECT count(*) FROM model_runs WHERE id = $run_id"))
        {
            if ((long)exists.Bind("run_id", runId).ExecuteScalar(cancellationToken)! == 0)
            {
                throw new InvalidOperationException($"Model run {runId} does not exist in {DatabasePath}; assign papers to a stored run.");
            }
        }

        // Another writer may have assigned some of these papers since the caller read them.
        var alreadyAssigned = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand("SELECT paper_id FROM paper_topics WHERE run_id = $run_id AND paper_id IN (SELECT unnest($ids))"))
        {
            command.Bind("run_id", runId).Bind("ids", assignments.Select(a => a.PaperId).ToList());
            using var reader = command.ExecuteReader(cancellationToken);
            while (reader.Read())
            {
                alreadyAssigned.Add(reader.GetString(0));
            }
        }

        var newAssignments = assignments.Where(a => !alreadyAssigned.Contains(a.PaperId)).ToArray();
        AppendAssignments(connection, runId, newAssignments);
        AppendKeywords(connection, runId, keywords.Where(k => !alreadyAssigned.Contains(k.PaperId)).ToArray());

        // The analytics cache is stamped with the run and import ids, which an assignment leaves
        // unchanged, so the stamp is dropped to make the next query rebuild the cache.
        connection.ExecuteNonQuery("DELETE FROM analytics_cache_state", cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        transaction.Commit();

        LogAssignmentsSaved(_logger, runId, newAssignments.Length, stopwatch.ElapsedMilliseconds);
        return newAssignments.Length;
    }

    private static long? CurrentRunId(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("SELECT id FROM model_runs WHERE is_current");
        var value = command.ExecuteScalar(cancellationToken);
        return value is null or DBNull ? null : (long)value;
    }

    private static int CountRunAssignments(DuckDBConnection connection, long runId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("SELECT count(*) FROM paper_topics WHERE run_id = $run_id");
        return (int)(long)command.Bind("run_id", runId).ExecuteScalar(cancellationToken)!;
    }

    private static Dictionary<int, List<TopicTerm>> ReadTopicTerms(DuckDBConnection connection, long runId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("SELECT topic_id, rank, term, score FROM topic_terms WHERE run_id = $run_id ORDER BY topic_id, rank");
        using var reader = command.Bind("run_id", runId).ExecuteReader(cancellationToken);
        var terms = new Dictionary<int, List<TopicTerm>>();
        while (reader.Read())
        {
            var topicId = reader.GetInt32(0);
            if (!terms.TryGetValue(topicId, out var list))
            {
                list = [];
                terms.Add(topicId, list);
            }

            list.Add(new TopicTerm(reader.GetInt32(1), reader.GetString(2), reader.GetDouble(3)));
        }

        return terms;
    }

    private static RunLineage ReadLineage(DuckDBConnection connection, long runId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("SELECT topic_id, kind, previous_topic_ids, similarity FROM topic_lineage WHERE run_id = $run_id ORDER BY topic_id");
        using var reader = command.Bind("run_id", runId).ExecuteReader(cancellationToken);
        var topics = new List<TopicLineage>();
        var ended = new List<int>();
        while (reader.Read())
        {
            var topicId = reader.GetInt32(0);
            var kind = reader.GetString(1);
            if (kind == EndedKind)
            {
                ended.Add(topicId);
                continue;
            }

            topics.Add(new TopicLineage(
                topicId,
                Enum.Parse<TopicLineageKind>(kind, ignoreCase: true),
                reader.GetFieldValue<List<int>>(2),
                reader.GetDouble(3)));
        }

        return new RunLineage(runId, topics, ended);
    }

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Assigned {PaperCount} new papers to topic model run {RunId} in {ElapsedMilliseconds} ms")]
    private static partial void LogAssignmentsSaved(ILogger logger, long runId, int paperCount, long elapsedMilliseconds);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Topic {TopicId} renamed to {TopicName} (null removes the name)")]
    private static partial void LogTopicRenamed(ILogger logger, int topicId, string? topicName);
}
