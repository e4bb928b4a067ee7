#!/bin/sh
# Serial headsets (OpenBCI dongle, NeuroSky) appear as /dev/ttyUSB* / /dev/ttyACM*, owned by the dialout group.
echo "Clisonix Desktop: to use serial headsets, add yourself to the dialout group: sudo usermod -aG dialout \$USER (then log in again)."
