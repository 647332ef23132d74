import { EMULATOR_PRINCIPAL_OBJECT_ID } from '../config';
import type { SystemData } from './model';
import { azureTimestamp } from './time';

/** systemData for something the calling principal just created. */
export function createdNow(at: Date = new Date(), by: string = EMULATOR_PRINCIPAL_OBJECT_ID): SystemData {
  const when = azureTimestamp(at);
  return { createdAt: when, createdBy: by, createdByType: 'Application', lastModifiedAt: when, lastModifiedBy: by, lastModifiedByType: 'Application' };
}

/** systemData after an update: creation fields are preserved, modification fields move. */
export function modifiedNow(previous: SystemData, by: string = EMULATOR_PRINCIPAL_OBJECT_ID): SystemData {
  return { ...previous, lastModifiedAt: azureTimestamp(), lastModifiedBy: by, lastModifiedByType: 'Application' };
}
