/**
 * fhirclient's SMART API over this tab's store (src/launch/tab-storage.ts) instead of its built-in
 * sessionStorage wrapper, so a launch also completes where the browser refuses sessionStorage.
 */
import BrowserAdapter from 'fhirclient/lib/adapters/BrowserAdapter';
import { SmartStorage } from './tab-storage';

class TabAdapter extends BrowserAdapter {
  private readonly tabStorage = new SmartStorage();

  override getStorage(): ReturnType<BrowserAdapter['getStorage']> {
    return this.tabStorage;
  }
}

export const smart = new TabAdapter().getSmartApi();
