using System.Runtime.InteropServices;

namespace TrendBoard.Bench;

/// <summary>A description of the machine for the benchmark record.</summary>
internal static class MachineInfo
{
    /// <summary>Returns the first "model name" of /proc/cpuinfo, or the architecture where that file is missing.</summary>
    public static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    public static string OsDescription() => RuntimeInformation.OSDescription;

    /// <summary>Returns the total memory available to the runtime, in GiB.</summary>
    public static double TotalMemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    /// <summary>
    /// Resets the peak resident set size of this process (Linux: writing 5 to /proc/self/clear_refs),
    /// so <see cref="PeakWorkingSetMiB"/> covers only what runs afterwards. Does nothing elsewhere.
    /// </summary>
    public static void ResetPeakWorkingSet()
    {
        const string clearRefs = "/proc/self/clear_refs";
        if (File.Exists(clearRefs))
        {
            File.WriteAllText(clearRefs, "5");
        }
    }

    /// <summary>
    /// Returns the peak working set in MiB: VmHWM of /proc/self/status since the last
    /// <see cref="ResetPeakWorkingSet"/> on Linux, else the process's peak working set.
    /// </summary>
    public static double PeakWorkingSetMiB()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line[6..].Trim().Split(' ')[0], out var kibibytes))
            {
                return kibibytes / 1024.0;
            }
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024);
    }
}
