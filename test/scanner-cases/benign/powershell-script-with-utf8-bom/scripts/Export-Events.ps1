param(
    [int]$Hours = 24,
    [string]$OutDir = ".\logs"
)
# Exportiert Ereignisprotokolle – Zeitraum in Stunden
New-Item -ItemType Directory -Force -Path $OutDir | Out-Null
$since = (Get-Date).AddHours(-$Hours)
foreach ($log in "System", "Application") {
    Get-WinEvent -FilterHashtable @{ LogName = $log; StartTime = $since } -ErrorAction SilentlyContinue |
        Select-Object TimeCreated, Id, LevelDisplayName, ProviderName, Message |
        Export-Csv -Path (Join-Path $OutDir "$log.csv") -NoTypeInformation -Encoding UTF8
}
Write-Host "Exported logs since $since to $OutDir"
