# Export-Report.ps1 - writes the weekly report as CSV that Excel opens correctly.
# Saved as UTF-8 with BOM on purpose: Windows PowerShell 5.1 reads BOM-less
# files as ANSI and mangles the umlauts in the column names below.
param(
  [Parameter(Mandatory)] [string] $InputJson,
  [string] $OutFile = "report.csv"
)
$rows = Get-Content $InputJson -Raw | ConvertFrom-Json
$rows | Select-Object @{n='Kundennummer';e={$_.customer}}, @{n='Umsatz (€)';e={$_.revenue}}, @{n='Größe';e={$_.size}} |
  Export-Csv -Path $OutFile -NoTypeInformation -Encoding UTF8
Write-Host "wrote $OutFile"
