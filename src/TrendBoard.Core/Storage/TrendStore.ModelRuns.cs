using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;
using TrendBoard.Core.Topics;

namespace TrendBoard.Core.Storage;

public sealed partial class TrendStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        // Metrics such as coherence can be NaN on degenerate data; keep them instead of failing the save.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>
    /// Stores a topic model run with its topics, terms, paper topics, paper keywords, lineage and
    /// fitted model in one transaction and makes it the current run that every analytics query reads.
    /// </summary>
    /// <param name="result">The run's output.</param>
    /// <param name="dataFingerprint">A fingerprint of the paper texts the run read, so a chart can tell whether the run is stale.</param>
    /// <param name="cancellationToken">Cancels the save; nothing is stored then.</param>
    /// <returns>The id of the new run.</returns>
    /// <remarks>
    /// The store records the versions of ML.NET, DuckDB.NET, DuckDB and .NET next to the run.
    /// Runs are never deleted, so earlier runs stay available for comparison.
    /// Before storing, the save matches the result's topics to the current run's with
    /// <see cref="TopicIdMatcher.Match"/> and renumbers them: a topic that continues a current
    /// topic keeps its id (and so its user name), and a new one gets an id no run or topic name
    /// has used. <see cref="GetTopicLineageAsync"/> returns the lineage the match found.
    /// </remarks>
    /// <exception cref="ArgumentException">The result has no algorithm name, repeats a topic id, or assigns a paper twice.</exception>
    public Task<long> SaveModelRunAsync(TopicModelResult result, string dataFingerprint, CancellationToken cancellationToken)
    {
        ValidateModelResult(result, dataFingerprint);

        return RunWriteAsync((connection, token) => SaveModelRun(connection, result, dataFingerprint, token), cancellationToken);
    }

    /// <summary>Returns the current topic model run, or null before the first run is saved.</summary>
    public Task<ModelRunInfo?> GetCurrentModelRunAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, created_at, algorithm, parameters, library_versions, data_fingerprint, metrics, is_current
            FROM model_runs
            WHERE is_current
            """;

        return RunAsync((connection, token) =>
        {
            using var command = connection.CreateCommand(sql);
            using var reader = command.ExecuteReader(token);
            if (!reader.Read())
            {
                return null;
            }

            return new ModelRunInfo(
                reader.GetInt64(0),
                reader.GetDateTime(1),
                reader.GetString(2),
                JsonSerializer.Deserialize<TopicModelOptions>(reader.GetString(3), JsonOptions)!,
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(4), JsonOptions)!,
                reader.GetString(5),
                JsonSerializer.Deserialize<Dictionary<string, double>>(reader.GetString(6), JsonOptions)!,
                reader.GetBoolean(7));
        }, cancellationToken);
    }

    private long SaveModelRun(DuckDBConnection connection, TopicModelResult result, string dataFingerprint, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var transaction = connection.BeginTransaction();
        long runId = 0;
        try
        {
            using (var sequence = connection.CreateCommand("SELECT nextval('model_runs_id_seq')"))
            {
                runId = (long)sequence.ExecuteScalar(cancellationToken)!;
            }

            // Matching inside the transaction reads the run that this save replaces, even when
            // another save finished while the model was fitted.
            (result, var endedTopicIds) = MatchToCurrentRun(connection, result, cancellationToken);

            using (var insert = connection.CreateCommand(InsertModelRunSql))
            {
                insert.Bind("id", runId)
                    .Bind("created_at", DateTime.UtcNow)
                    .Bind("algorithm", result.Algorithm)
                    .Bind("seed", result.Options.Seed)
                    .Bind("topic_count", result.Options.TopicCount)
                    .Bind("parameters", JsonSerializer.Serialize(result.Options, JsonOptions))
                    .Bind("library_versions", JsonSerializer.Serialize(LibraryVersions(connection, cancellationToken), JsonOptions))
                    .Bind("data_fingerprint", dataFingerprint)
                    .Bind("metrics", JsonSerializer.Serialize(result.Metrics ?? new Dictionary<string, double>(), JsonOptions))
                    .ExecuteNonQuery(cancellationToken);
            }

            AppendTopics(connection, runId, result.Topics);
            cancellationToken.ThrowIfCancellationRequested();
            AppendAssignments(connection, runId, result.Assignments ?? []);
            cancellationToken.ThrowIfCancellationRequested();
            AppendKeywords(connection, runId, result.Keywords ?? []);
            AppendLineage(connection, runId, result, endedTopicIds);
            if (result.Model is not null)
            {
                InsertModel(connection, runId, result.Model, cancellationToken);
            }

            using (var makeCurrent = connection.CreateCommand("UPDATE model_runs SET is_current = (id = $id) WHERE is_current OR id = $id"))
            {
                makeCurrent.Bind("id", runId).ExecuteNonQuery(cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            transaction.Commit();

            LogModelRunSaved(_logger, runId, result.Algorithm, result.Options.Seed, result.Topics.Count, result.Assignments?.Count ?? 0, stopwatch.ElapsedMilliseconds);
            return runId;
        }
        catch (Exception exception)
        {
            try
            {
                transaction.Rollback();
            }
            catch (DuckDBException rollbackException)
            {
                // Closing the connection discards the open transaction as well.
                LogModelRunRollbackFailed(_logger, rollbackException, runId);
            }

            if (exception is OperationCanceledException)
            {
                LogModelRunCancelled(_logger, runId, result.Algorithm);
            }
            else
            {
                LogModelRunFailed(_logger, exception, runId, result.Algorithm);
            }

            throw;
        }
    }

    private const string InsertModelRunSql = """
        INSERT INTO model_runs (
            id, created_at, algorithm, seed, topic_count, parameters, library_versions,
            data_fingerprint, metrics, is_current)
        VALUES (
            $id, $created_at, $algorithm, $seed, $topic_count, $parameters, $library_versions,
            $data_fingerprint, $metrics, false)
        """;

    private static void ValidateModelResult(TopicModelResult result, string dataFingerprint)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(dataFingerprint);
        ArgumentNullException.ThrowIfNull(result.Options);
        ArgumentNullException.ThrowIfNull(result.Topics);

        if (string.IsNullOrWhiteSpace(result.Algorithm))
        {
            throw new ArgumentException("The topic model result has no algorithm name; set TopicModelResult.Algorithm, for example \"tfidf-kmeans\".", nameof(result));
        }

        var topicIds = new HashSet<int>();
        foreach (var topic in result.Topics)
        {
            if (!topicIds.Add(topic.TopicId))
            {
                throw new ArgumentException($"The topic model result lists topic {topic.TopicId} twice; each topic id must appear once.", nameof(result));
            }
        }

        var assignedPapers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in result.Assignments ?? [])
        {
            if (!assignedPapers.Add(assignment.PaperId))
            {
                throw new ArgumentException($"The topic model result assigns paper {assignment.PaperId} twice; each paper needs exactly one topic (-1 for an outlier).", nameof(result));
            }
        }
    }

    private static void AppendTopics(DuckDBConnection connection, long runId, IReadOnlyList<TopicInfo> topics)
    {
        using (var appender = connection.CreateAppender("topics"))
        {
            foreach (var topic in topics)
            {
                appender.CreateRow()
                    .AppendValue((long?)runId)
                    .AppendValue((int?)topic.TopicId)
                    .AppendValue(topic.Label)
                    .AppendValue((int?)topic.Size)
                    .EndRow();
            }
        }

        using (var appender = connection.CreateAppender("topic_terms"))
        {
            foreach (var topic in topics)
            {
                foreach (var term in topic.Terms ?? [])
                {
                    appender.CreateRow()
                        .AppendValue((long?)runId)
                        .AppendValue((int?)topic.TopicId)
                        .AppendValue((int?)term.Rank)
                        .AppendValue(term.Term)
                        .AppendValue((double?)term.Score)
                        .EndRow();
                }
            }
        }
    }

    private static void AppendAssignments(DuckDBConnection connection, long runId, IReadOnlyList<TopicAssignment> assignments)
    {
        using var appender = connection.CreateAppender("paper_topics");
        foreach (var assignment in assignments)
        {
            appender.CreateRow()
                .AppendValue((long?)runId)
                .AppendValue(assignment.PaperId)
                .AppendValue((int?)assignment.TopicId)
                .AppendValue((double?)assignment.Score)
                .EndRow();
        }
    }

    private static void AppendKeywords(DuckDBConnection connection, long runId, IReadOnlyList<PaperKeyword> keywords)
    {
        using var appender = connection.CreateAppender("paper_keywords");
        foreach (var keyword in keywords)
        {
            appender.CreateRow()
                .AppendValue((long?)runId)
                .AppendValue(keyword.PaperId)
                .AppendValue(keyword.Keyword)
                .AppendValue((double?)keyword.Score)
                .EndRow();
        }
    }

    private static Dictionary<string, string> LibraryVersions(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand("SELECT version()");
        var duckDbVersion = (string)command.ExecuteScalar(cancellationToken)!;

        return new Dictionary<string, string>
        {
            ["Microsoft.ML"] = AssemblyVersion(typeof(Microsoft.ML.MLContext).Assembly),
            ["DuckDB.NET.Data"] = AssemblyVersion(typeof(DuckDBConnection).Assembly),
            ["DuckDB"] = duckDbVersion,
            [".NET"] = RuntimeInformation.FrameworkDescription,
        };
    }

    /// <summary>Returns the informational version without its source revision suffix (the part after '+').</summary>
    private static string AssemblyVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Saved topic model run {RunId} ({Algorithm}, seed {Seed}, {TopicCount} topics, {Assignments} paper assignments) as the current run in {ElapsedMilliseconds} ms")]
    private static partial void LogModelRunSaved(ILogger logger, long runId, string algorithm, int seed, int topicCount, int assignments, long elapsedMilliseconds);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Saving topic model run {RunId} ({Algorithm}) failed and was rolled back")]
    private static partial void LogModelRunFailed(ILogger logger, Exception exception, long runId, string algorithm);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Saving topic model run {RunId} ({Algorithm}) was cancelled and rolled back")]
    private static partial void LogModelRunCancelled(ILogger logger, long runId, string algorithm);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Rollback of topic model run {RunId} failed; closing the connection discards the transaction")]
    private static partial void LogModelRunRollbackFailed(ILogger logger, Exception exception, long runId);
}
