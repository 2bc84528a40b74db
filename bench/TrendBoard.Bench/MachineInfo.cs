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
}
