using Faultline.LoadTest;

// One program, two roles: with "--serve <kind>" it is one of the servers under test; otherwise it is
// the driver, which starts each server as a child process of this same program and loads it with h2load.
if (args is ["--serve", var kind, ..])
{
    return await BenchServer.RunAsync(kind, args is [_, _, "--logging", var logging] ? logging : "none");
}

LoadSettings settings;
try
{
    settings = LoadSettings.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadSettings.Usage);
    return 2;
}

return await LoadRun.RunAsync(settings);
