/**
 * Real failing file systems for the disk fault tests (they run as root in a container that may
 * mount): a small tmpfs that fills up (ENOSPC) and grows again with a remount, and a loop-mounted
 * ext4 image mounted `errors=remount-ro` that is turned read-only under a running server through
 * ext4's `trigger_fs_error`, as a disk error does. Real file systems rather than a simulated write
 * failure: the store's every layer (DuckDB's WAL, checkpoints, its invalidation) meets the error as
 * it would in production. `canMount()` says whether this machine allows it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' }).toString();

/** Whether a tmpfs can be mounted here (root with CAP_SYS_ADMIN); false otherwise, with no trace left. */
export function canMount(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'spanscope-mount-probe-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    run('umount', [dir]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface FaultDisk {
  /** A data directory on the file system (not created yet). */
  readonly dataDir: string;
  /** Unmounts and removes everything. */
  dispose(): void;
}

/** A tmpfs of `bytes`; `resize` changes its size in place (space "returns" without a restart). */
export function smallTmpfs(bytes: number): FaultDisk & { resize(bytes: number): void } {
  const dir = mkdtempSync(join(tmpdir(), 'spanscope-tmpfs-'));
  run('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  return {
    dataDir: join(dir, 'data'),
    resize: (n) => void run('mount', ['-o', `remount,size=${n}`, dir]),
    dispose: () => {
      run('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * An ext4 image of `megabytes` loop-mounted `errors=remount-ro`. `breakDisk` makes ext4 record an
 * error, which remounts it read-only at once (under open files); `repair` (nothing may hold a file
 * open) unmounts, checks with e2fsck and mounts it read-write again.
 */
export function ext4Loop(megabytes: number): FaultDisk & { breakDisk(): void; repair(): void } {
  const root = mkdtempSync(join(tmpdir(), 'spanscope-ext4-'));
  const image = join(root, 'disk.img');
  const dir = join(root, 'mnt');
  mkdirSync(dir);
  run('truncate', ['-s', `${megabytes}M`, image]);
  run('mkfs.ext4', ['-q', '-F', image]);
  const mount = () => run('mount', ['-o', 'loop,errors=remount-ro', image, dir]);
  mount();
  return {
    dataDir: join(dir, 'data'),
    breakDisk: () => {
      const device = basename(run('findmnt', ['-n', '-o', 'SOURCE', dir]).trim());
      run('sh', ['-c', `echo spanscope-fault-test > /sys/fs/ext4/${device}/trigger_fs_error`]);
    },
    repair: () => {
      run('umount', [dir]);
      // Exit code 1 means "errors corrected"; execFileSync throws on it.
      try {
        run('e2fsck', ['-f', '-y', image]);
      } catch (error) {
        if ((error as { status?: number }).status !== 1) throw error;
      }
      mount();
    },
    dispose: () => {
      run('umount', ['-l', dir]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
