using Failover.Cli;

return FailoverApp.Run(args);
