// The headset simulator as a service: the CLI (`clisonix simulate`) reaches devices through main/services only.
export {
  runSimulatorOnPort,
  startPtySimulator,
  type PtySimulator,
  type PtySimulatorOptions,
  type SimulatorRunner,
  type SimulatorRunOptions,
} from '../devices/pty-simulator';
export { SOCAT_PATH } from '../devices/socat-pty';
