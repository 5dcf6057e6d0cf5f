# The control-plane image (`failover serve`), as deployed by manifests/. Not built in CI (no container daemon or
# registry there). Build: docker build -t ghcr.io/example/failover:0.1.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet restore src/Failover.Cli/Failover.Cli.csproj
RUN dotnet publish src/Failover.Cli/Failover.Cli.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# A fixed non-root uid (matches the Deployment's runAsUser); the root file system is read-only at run time.
USER 10001:10001
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 7400
ENTRYPOINT ["dotnet", "/app/failover.dll"]
CMD ["serve", "--help"]
