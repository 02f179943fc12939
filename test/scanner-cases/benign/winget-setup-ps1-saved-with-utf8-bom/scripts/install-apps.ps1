# install-apps.ps1 - install reviewed developer apps via winget
$apps = @(
    @{ Id = 'Git.Git';                       Name = 'Git' },
    @{ Id = 'Microsoft.VisualStudioCode';    Name = 'VS Code' },
    @{ Id = 'Microsoft.PowerToys';           Name = 'PowerToys' },
    @{ Id = 'Notepad++.Notepad++';           Name = 'Notepad++' },
    @{ Id = 'KeePassXCTeam.KeePassXC';       Name = 'KeePassXC (Passwörter)' }
)
$results = foreach ($a in $apps) {
    winget install --id $a.Id -e --accept-package-agreements --silent | Out-Null
    [pscustomobject]@{ App = $a.Name; ExitCode = $LASTEXITCODE }
}
$results | Format-Table -AutoSize
Write-Host "Fertig - bitte neu anmelden, falls PATH-Änderungen fehlen."
