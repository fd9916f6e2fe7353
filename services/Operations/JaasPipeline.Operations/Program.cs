using JaasPipeline.Operations;

return await OpsCommandLine.RunAsync(args, Console.Out, Console.Error);
